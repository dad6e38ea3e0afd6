// Retry from the failed step, in one transaction. The failed run is never modified: a new run
// continues it. Its state is rebuilt by replaying the failed run's journal (retry-plan.ts) on
// the chosen graph; the kept step rows are copied as they were (same outputs, attempts and
// times, so later expressions read the same `steps`), and only the failed steps (and whatever
// the run had not reached) are queued. A new execution id also means no worker can hold a stale
// cached graph for it. Children and error handlers of the failed run are left as they were.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { executions } from "@/db/schema";
import { DEFAULT_EXECUTION_TIMEOUT_MS, type WorkflowGraph } from "@/server/engine/graph";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import type { Command } from "@/server/engine/interpreter";
import { applyCommands } from "./apply";
import { loadGraph, storeGraph } from "./graph-store";
import { lockExecution, newEffects, type TxEffects } from "./lifecycle";
import { publish } from "./commit";
import { progressBus } from "./progress";
import { planRetry, type JournalRow, type RetryStep } from "./retry-plan";

export class RetryRefused extends Error {
  constructor(
    message: string,
    public readonly reason: "missing" | "not_failed" | "child" | "already" | "plan",
  ) {
    super(message);
  }
}

export interface RetryTarget {
  graph: WorkflowGraph;
  workflowVersion: number | null;
}

export interface RetryResult {
  executionId: string;
  retryExecutionId: string;
  steps: RetryStep[];
  /** Node id → name on the graph the retry continues on (for messages). */
  names: Record<string, string>;
  keptSteps: number;
  graphHashBefore: string;
  graphHashAfter: string;
  versionBefore: number | null;
  versionAfter: number | null;
}

type ExecInfo = { graphHash: string; workflowId: string; workflowVersion: number | null; mode: "production" | "test" };

/**
 * `choose` runs inside the transaction (read through `tx`: PGlite has one connection) and returns
 * the graph to continue on, or null for the graph that ran. `inTx` writes the caller's records
 * (audit) in the same transaction.
 */
export async function retryFailedExecution(
  db: Db,
  workspaceId: string,
  executionId: string,
  catalog: NodeCatalogLookup,
  choose: (tx: Db, exec: ExecInfo) => Promise<RetryTarget | null>,
  inTx?: (tx: Db, r: RetryResult) => Promise<void>,
): Promise<RetryResult> {
  const fx: TxEffects = newEffects();
  const result = await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    // The lock serializes two retries of the same run; the unique retry row makes the second fail.
    const exec = await lockExecution(tx, executionId);
    if (!exec || exec.workspace_id !== workspaceId) throw new RetryRefused("Execution not found", "missing");
    if (exec.status !== "failed") throw new RetryRefused(`Only a failed run can be retried from the failed step; this one is ${exec.status}.`, "not_failed");
    if (exec.parent_execution_id) throw new RetryRefused("This run was started by another workflow: retry the parent run instead.", "child");
    const [prior] = await queryRows<{ id: string }>(tx, sql`select retry_execution_id as id from execution_retries where execution_id = ${executionId}`);
    if (prior) throw new RetryRefused(`This run was already retried (run ${prior.id}). Open that run to retry it again.`, "already");

    const target = await choose(tx, { graphHash: exec.graph_hash, workflowId: exec.workflow_id, workflowVersion: exec.workflow_version, mode: exec.mode });
    const hash = target ? await storeGraph(tx, target.graph) : exec.graph_hash;
    const { index, graph } = await loadGraph(tx, hash, catalog);
    const [meta] = await queryRows<{ trigger_node_id: string; trigger_data: unknown; error_of_execution_id: string | null }>(
      tx,
      sql`select trigger_node_id, trigger_data, error_of_execution_id from executions where id = ${executionId}`,
    );
    const journal = await loadJournal(tx, executionId);
    const plan = planRetry(index, meta!.trigger_node_id, journal);
    if (!plan.ok) throw new RetryRefused(plan.reason, "plan");

    const retryId = randomUUID();
    const versionAfter = target ? target.workflowVersion : exec.workflow_version;
    const timeoutMs = graph.settings.timeoutMs ?? DEFAULT_EXECUTION_TIMEOUT_MS;
    // Admitted at once: a retry is an operator's decision, like a child run it skips the queue.
    await tx.insert(executions).values({
      id: retryId,
      workspaceId,
      workflowId: exec.workflow_id,
      workflowVersion: versionAfter,
      mode: exec.mode,
      status: "running",
      graphHash: hash,
      triggerNodeId: meta!.trigger_node_id,
      triggerData: meta!.trigger_data ?? null,
      state: plan.state,
      errorOfExecutionId: meta!.error_of_execution_id,
      timeoutMs,
      startedAt: sql`now()`,
      deadlineAt: sql`now() + ${timeoutMs} * interval '1 millisecond'`,
    });
    const skippedRows = journal.filter((r) => r.status === "skipped" && plan.skipped.includes(`${r.scope}|${r.nodeId}`));
    const copyIds = [...plan.keptRowIds, ...skippedRows.map((r) => r.id)];
    if (copyIds.length > 0) {
      await tx.execute(
        sql`insert into step_runs (execution_id, workspace_id, node_id, scope, item_index, attempt, status, input, output, error, handle, logs, run_at, lease_version, worker_losses, created_at, started_at, finished_at)
            select ${retryId}::uuid, workspace_id, node_id, scope, item_index, attempt, status, input, output, error, handle, logs, run_at, lease_version, worker_losses, created_at, started_at, finished_at
            from step_runs where execution_id = ${executionId} and id in (${sql.join(copyIds.map((id) => sql`${id}::bigint`), sql`, `)}) order by id`,
      );
    }
    const copiedSkips = new Set(skippedRows.map((r) => `${r.scope}|${r.nodeId}`));
    const commands: Command[] = [
      ...plan.skipped.filter((k) => !copiedSkips.has(k)).map((k): Command => ({ type: "skip", scope: k.slice(0, k.indexOf("|")), nodeId: k.slice(k.indexOf("|") + 1) })),
      ...plan.steps.map((s): Command => ({ type: "enqueue", nodeId: s.nodeId, scope: s.scope, attempt: s.attempt, input: s.input, delayMs: 0 })),
    ];
    const applied = await applyCommands(tx, [{ exec: { id: retryId, workspaceId }, commands }]);
    fx.events.push({ type: "execution", workspaceId, executionId: retryId, status: "running" }, ...applied.events);
    fx.wake = true;
    const r: RetryResult = {
      executionId,
      retryExecutionId: retryId,
      steps: plan.steps,
      names: Object.fromEntries(graph.nodes.map((n) => [n.id, n.name])),
      keptSteps: plan.keptRowIds.length,
      graphHashBefore: exec.graph_hash,
      graphHashAfter: hash,
      versionBefore: exec.workflow_version,
      versionAfter,
    };
    if (inTx) await inTx(tx, r);
    return r;
  });
  publish({ bus: progressBus(db) }, fx);
  return result;
}

async function loadJournal(tx: Db, executionId: string): Promise<JournalRow[]> {
  const rows = await queryRows<{ id: string | number; node_id: string; scope: string; attempt: number; status: string; input: unknown; output: unknown; handle: string | null; error: unknown; finished_at: string | Date | null }>(
    tx,
    sql`select id, node_id, scope, attempt, status, input, output, handle, error, finished_at from step_runs where execution_id = ${executionId} order by id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    nodeId: r.node_id,
    scope: r.scope,
    attempt: r.attempt,
    status: r.status,
    input: r.input as JournalRow["input"],
    output: r.output,
    handle: r.handle,
    error: r.error as JournalRow["error"],
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at),
  }));
}
