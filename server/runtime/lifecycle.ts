// Execution lifecycle inside a transaction: create (with per-workflow admission), finish
// (monotonic: only a non-terminal execution changes), cancel, error workflow and parent wake-up.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { executions, workflows, workflowVersions } from "@/db/schema";
import { DEFAULT_EXECUTION_TIMEOUT_MS, DEFAULT_WORKFLOW_CONCURRENCY, workflowGraphSchema, type WorkflowGraph } from "@/server/engine/graph";
import { next, type Command } from "@/server/engine/interpreter";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import type { SerializedError } from "@/server/engine/errors";
import type { RunState } from "@/server/engine/state";
import { loadGraph, storeGraph } from "./graph-store";
import { applyCommands } from "./apply";
import type { ProgressEvent } from "./progress";

export interface NewExecution {
  workspaceId: string;
  workflowId: string;
  workflowVersion: number | null;
  mode: "production" | "test";
  graph: WorkflowGraph;
  triggerNodeId: string;
  triggerData: unknown;
  createdBy?: string | null;
  parentExecutionId?: string | null;
  parentStepId?: number | null;
  depth?: number;
  errorOfExecutionId?: string | null;
}

export interface TxEffects {
  events: ProgressEvent[];
  wake: boolean;
}

export function newEffects(): TxEffects {
  return { events: [], wake: false };
}

/** Children and error handlers are exempt from the concurrency limit so they cannot deadlock behind their parent. */
const exempt = (e: { parentExecutionId?: string | null; errorOfExecutionId?: string | null }) => !!e.parentExecutionId || !!e.errorOfExecutionId;

export async function createExecution(tx: Db, p: NewExecution, catalog: NodeCatalogLookup, fx: TxEffects): Promise<{ id: string; status: string }> {
  const hash = await storeGraph(tx, p.graph);
  const timeoutMs = p.graph.settings.timeoutMs ?? DEFAULT_EXECUTION_TIMEOUT_MS;
  const limit = p.graph.settings.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY;
  // Fast path: under the limit with nobody queued ahead, start at once (one INSERT, no re-read).
  if (exempt(p) || (await hasFreeSlot(tx, p.workflowId, limit))) {
    const id = randomUUID();
    const { index } = await loadGraph(tx, hash, catalog);
    const r = next(index, undefined, { type: "start", triggerNodeId: p.triggerNodeId });
    await tx.insert(executions).values({
      id,
      workspaceId: p.workspaceId,
      workflowId: p.workflowId,
      workflowVersion: p.workflowVersion,
      mode: p.mode,
      status: "running",
      graphHash: hash,
      triggerNodeId: p.triggerNodeId,
      triggerData: p.triggerData ?? null,
      state: r.state,
      parentExecutionId: p.parentExecutionId ?? null,
      parentStepId: p.parentStepId ?? null,
      depth: p.depth ?? 0,
      errorOfExecutionId: p.errorOfExecutionId ?? null,
      timeoutMs,
      createdBy: p.createdBy ?? null,
      startedAt: sql`now()`,
      deadlineAt: sql`now() + ${timeoutMs} * interval '1 millisecond'`,
    });
    const applied = await applyCommands(tx, [{ exec: { id, workspaceId: p.workspaceId }, commands: r.commands }]);
    fx.events.push({ type: "execution", workspaceId: p.workspaceId, executionId: id, status: "running" }, ...applied.events);
    fx.wake = true;
    const finish = applied.finishes.get(id);
    if (finish) await finishExecution(tx, id, r.state, finish, catalog, fx);
    return { id, status: "running" };
  }
  const [row] = await tx
    .insert(executions)
    .values({
      workspaceId: p.workspaceId,
      workflowId: p.workflowId,
      workflowVersion: p.workflowVersion,
      mode: p.mode,
      status: "queued",
      graphHash: hash,
      triggerNodeId: p.triggerNodeId,
      triggerData: p.triggerData ?? null,
      parentExecutionId: p.parentExecutionId ?? null,
      parentStepId: p.parentStepId ?? null,
      depth: p.depth ?? 0,
      errorOfExecutionId: p.errorOfExecutionId ?? null,
      timeoutMs,
      createdBy: p.createdBy ?? null,
    })
    .returning({ id: executions.id });
  const id = row!.id;
  fx.events.push({ type: "execution", workspaceId: p.workspaceId, executionId: id, status: "queued" });
  const started = await admitQueued(tx, p.workflowId, limit, catalog, fx);
  return { id, status: started.includes(id) ? "running" : "queued" };
}

/** Takes the workflow's admission lock; true when a slot is free and nothing is queued before us. */
async function hasFreeSlot(tx: Db, workflowId: string, limit: number): Promise<boolean> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${workflowId}, 7))`);
  const [c] = await queryRows<{ running: number; queued: number }>(
    tx,
    sql`select count(*) filter (where status in ('running', 'waiting') and parent_execution_id is null and error_of_execution_id is null)::int as running,
               count(*) filter (where status = 'queued')::int as queued
        from executions where workflow_id = ${workflowId} and status in ('queued', 'running', 'waiting')`,
  );
  return !!c && c.running < limit && c.queued === 0;
}

/** Starts queued executions of a workflow while it is under its concurrency limit. */
export async function admitQueued(tx: Db, workflowId: string, limit: number, catalog: NodeCatalogLookup, fx: TxEffects): Promise<string[]> {
  // Serialize admission per workflow so two starts cannot both take the last slot.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${workflowId}, 7))`);
  const [{ n } = { n: 0 }] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from executions
        where workflow_id = ${workflowId} and status in ('running', 'waiting') and parent_execution_id is null and error_of_execution_id is null`,
  );
  if (n >= limit) return [];
  const queued = await queryRows<{ id: string; workspace_id: string; graph_hash: string; trigger_node_id: string }>(
    tx,
    sql`select id, workspace_id, graph_hash, trigger_node_id from executions
        where workflow_id = ${workflowId} and status = 'queued' order by created_at, id limit ${limit - n} for update skip locked`,
  );
  for (const q of queued) await begin(tx, { id: q.id, workspaceId: q.workspace_id, graphHash: q.graph_hash, triggerNodeId: q.trigger_node_id }, catalog, fx);
  return queued.map((q) => q.id);
}

async function begin(tx: Db, e: { id: string; workspaceId: string; graphHash: string; triggerNodeId: string }, catalog: NodeCatalogLookup, fx: TxEffects): Promise<void> {
  const { index } = await loadGraph(tx, e.graphHash, catalog);
  const r = next(index, undefined, { type: "start", triggerNodeId: e.triggerNodeId });
  const applied = await applyCommands(tx, [{ exec: e, commands: r.commands }]);
  fx.events.push(...applied.events, { type: "execution", workspaceId: e.workspaceId, executionId: e.id, status: "running" });
  fx.wake = true;
  await tx.execute(
    sql`update executions set status = 'running', state = ${JSON.stringify(r.state)}::jsonb, started_at = now(),
        deadline_at = now() + timeout_ms * interval '1 millisecond' where id = ${e.id} and status = 'queued'`,
  );
  const finish = applied.finishes.get(e.id);
  if (finish) await finishExecution(tx, e.id, r.state, finish, catalog, fx);
}

export interface ExecutionRow {
  id: string;
  workspace_id: string;
  workflow_id: string;
  workflow_version: number | null;
  mode: "production" | "test";
  status: string;
  graph_hash: string;
  state: RunState | null;
  parent_execution_id: string | null;
  parent_step_id: string | number | null;
  error_of_execution_id: string | null;
  depth: number;
}

export async function lockExecution(tx: Db, id: string): Promise<ExecutionRow | undefined> {
  const [row] = await queryRows<ExecutionRow>(
    tx,
    sql`select id, workspace_id, workflow_id, workflow_version, mode, status, graph_hash, state, parent_execution_id, parent_step_id, error_of_execution_id, depth
        from executions where id = ${id} for update`,
  );
  return row;
}

export const isTerminal = (status: string) => status === "succeeded" || status === "failed" || status === "canceled";

/**
 * Ends an execution. Guarded by `status in (non-terminal)`: a finished execution is never
 * rewritten. Cancels leftover steps and children, wakes a waiting parent, starts the error
 * workflow on failure, and admits the next queued execution.
 */
export async function finishExecution(
  tx: Db,
  id: string,
  state: RunState,
  finish: Extract<Command, { type: "finish" }>,
  catalog: NodeCatalogLookup,
  fx: TxEffects,
): Promise<void> {
  const error = finish.status === "failed" ? finish.error : null;
  const nodeId = finish.status === "failed" ? (finish.nodeId ?? null) : null;
  const result = finish.status === "succeeded" ? finish.result : null;
  const [row] = await queryRows<ExecutionRow>(
    tx,
    sql`update executions set status = ${finish.status}::execution_status, state = ${JSON.stringify(state)}::jsonb,
          result = ${JSON.stringify(result ?? null)}::jsonb, error = ${error ? JSON.stringify(error) : null}::jsonb,
          failed_node_id = ${nodeId}, finished_at = now()
        where id = ${id} and status in ('queued', 'running', 'waiting')
        returning id, workspace_id, workflow_id, workflow_version, mode, status, graph_hash, state, parent_execution_id, parent_step_id, error_of_execution_id, depth`,
  );
  if (!row) return;
  fx.events.push({ type: "execution", workspaceId: row.workspace_id, executionId: id, status: finish.status });
  await tx.execute(
    sql`update step_runs set status = 'canceled', finished_at = now(), lease_owner = null, lease_expires_at = null
        where execution_id = ${id} and status in ('queued', 'running', 'waiting')`,
  );
  // Children still running are canceled with their parent.
  const children = await queryRows<{ id: string }>(tx, sql`select id from executions where parent_execution_id = ${id} and status in ('queued', 'running', 'waiting')`);
  for (const c of children) await cancelInTx(tx, c.id, catalog, fx);
  if (row.parent_step_id !== null) {
    const resume = { kind: "child", executionId: id, status: finish.status, result: result ?? null, ...(error ? { error: { message: error.message, code: error.code } } : {}) };
    await tx.execute(
      sql`update step_runs set run_at = now(), resume = ${JSON.stringify(resume)}::jsonb
          where id = ${Number(row.parent_step_id)} and status = 'waiting'`,
    );
    fx.wake = true;
  }
  if (finish.status === "failed" && !row.error_of_execution_id) await startErrorWorkflow(tx, row, error!, nodeId, catalog, fx);
  if (!exempt({ parentExecutionId: row.parent_execution_id, errorOfExecutionId: row.error_of_execution_id })) {
    const { graph } = await loadGraph(tx, row.graph_hash, catalog);
    await admitQueued(tx, row.workflow_id, graph.settings.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY, catalog, fx);
  }
}

export async function cancelInTx(tx: Db, id: string, catalog: NodeCatalogLookup, fx: TxEffects): Promise<boolean> {
  const exec = await lockExecution(tx, id);
  if (!exec || isTerminal(exec.status)) return false;
  const { index } = await loadGraph(tx, exec.graph_hash, catalog);
  const r = next(index, exec.state ?? undefined, { type: "cancel" });
  const finish: Extract<Command, { type: "finish" }> = { type: "finish", status: "canceled" };
  await finishExecution(tx, id, r.state, finish, catalog, fx);
  return true;
}

/**
 * The error handler: the workflow named in settings.errorWorkflowId (published version; its draft
 * for test runs), else an Error trigger in the failed graph itself. Test runs stay test runs.
 */
async function startErrorWorkflow(tx: Db, failed: ExecutionRow, error: SerializedError, nodeId: string | null, catalog: NodeCatalogLookup, fx: TxEffects): Promise<void> {
  const { graph } = await loadGraph(tx, failed.graph_hash, catalog);
  const [wf] = await tx.select({ name: workflows.name }).from(workflows).where(eq(workflows.id, failed.workflow_id));
  let target: { workflowId: string; version: number | null; graph: WorkflowGraph } | undefined;
  const handlerId = graph.settings.errorWorkflowId;
  if (handlerId && handlerId !== failed.workflow_id) {
    const [h] = await tx
      .select({ id: workflows.id, draft: workflows.draftGraph, published: workflows.publishedVersion })
      .from(workflows)
      .where(and(eq(workflows.id, handlerId), eq(workflows.workspaceId, failed.workspace_id)));
    if (h && failed.mode === "test") {
      // Test runs try the handler's draft, so the error path can be tested before going live.
      const parsed = workflowGraphSchema.safeParse(h.draft);
      if (parsed.success) target = { workflowId: h.id, version: null, graph: parsed.data };
    } else if (h && h.published !== null) {
      const [v] = await tx
        .select({ graph: workflowVersions.graph })
        .from(workflowVersions)
        .where(and(eq(workflowVersions.workflowId, h.id), eq(workflowVersions.version, h.published)));
      const parsed = workflowGraphSchema.safeParse(v?.graph);
      if (parsed.success) target = { workflowId: h.id, version: h.published, graph: parsed.data };
    }
  } else {
    target = { workflowId: failed.workflow_id, version: failed.workflow_version, graph };
  }
  if (!target) return;
  const trigger = target.graph.nodes.find((n) => catalog.get(n.type)?.triggerKind === "error");
  if (!trigger) return;
  const failedNode = nodeId ? graph.nodes.find((n) => n.id === nodeId) : undefined;
  await createExecution(
    tx,
    {
      workspaceId: failed.workspace_id,
      workflowId: target.workflowId,
      workflowVersion: target.version,
      mode: failed.mode,
      graph: target.graph,
      triggerNodeId: trigger.id,
      triggerData: {
        workflow: { id: failed.workflow_id, name: wf?.name ?? "" },
        execution: { id: failed.id, mode: failed.mode },
        failedNode: failedNode ? { id: failedNode.id, name: failedNode.name, type: failedNode.type } : null,
        error,
      },
      errorOfExecutionId: failed.id,
    },
    catalog,
    fx,
  );
}
