// Ending executions, set-based so a commit batch that finishes many runs costs a few statements.
// Monotonic: only a non-terminal execution changes (`where status in (queued, running, waiting)`),
// so a finished execution is never rewritten. Leftover steps and children are canceled, a waiting
// parent is woken, the error workflow starts on failure, and queued executions are admitted.
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { workflows, workflowVersions } from "@/db/schema";
import { DEFAULT_WORKFLOW_CONCURRENCY, workflowGraphSchema, type WorkflowGraph } from "@/server/engine/graph";
import { next, type Command } from "@/server/engine/interpreter";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import type { SerializedError } from "@/server/engine/errors";
import type { RunState } from "@/server/engine/state";
import { loadGraph } from "./graph-store";
import { packState } from "./state-store";
import { admitQueued, createExecution, exempt, isTerminal, lockExecution, type ExecutionRow, type TxEffects } from "./lifecycle";

type Finish = Extract<Command, { type: "finish" }>;

export async function finishExecution(tx: Db, id: string, state: RunState, finish: Finish, catalog: NodeCatalogLookup, fx: TxEffects): Promise<void> {
  await finishExecutions(tx, [{ id, state, finish }], catalog, fx);
}

export async function finishExecutions(tx: Db, items: Array<{ id: string; state: RunState; finish: Finish }>, catalog: NodeCatalogLookup, fx: TxEffects): Promise<void> {
  if (items.length === 0) return;
  const values = items.map(({ id, state, finish }) => {
    const error = finish.status === "failed" ? finish.error : null;
    return sql`(${id}::uuid, ${finish.status}::text, ${packState(state)}::jsonb, ${JSON.stringify(finish.status === "succeeded" ? (finish.result ?? null) : null)}::jsonb,
      ${error ? JSON.stringify(error) : null}::jsonb, ${finish.status === "failed" ? (finish.nodeId ?? null) : null}::text)`;
  });
  const rows = await queryRows<ExecutionRow & { error: SerializedError | null; result: unknown; failed_node_id: string | null }>(
    tx,
    sql`update executions e set status = v.status::execution_status, state = v.state, result = v.result, error = v.error,
          failed_node_id = v.failed_node_id, finished_at = now()
        from (values ${sql.join(values, sql`, `)}) as v(id, status, state, result, error, failed_node_id)
        where e.id = v.id and e.status in ('queued', 'running', 'waiting')
        returning e.id, e.workspace_id, e.workflow_id, e.workflow_version, e.mode, e.status, e.graph_hash, e.parent_execution_id,
                  e.parent_step_id, e.error_of_execution_id, e.depth, e.error, e.result, e.failed_node_id`,
  );
  if (rows.length === 0) return;
  const ids = sql.join(rows.map((r) => sql`${r.id}::uuid`), sql`, `);
  for (const r of rows) fx.events.push({ type: "execution", workspaceId: r.workspace_id, executionId: r.id, status: r.status });
  await tx.execute(
    sql`update step_runs set status = 'canceled', finished_at = now(), lease_owner = null, lease_expires_at = null
        where execution_id in (${ids}) and status in ('queued', 'running', 'waiting')`,
  );
  // Children still running are canceled with their parent.
  const children = await queryRows<{ id: string }>(tx, sql`select id from executions where parent_execution_id in (${ids}) and status in ('queued', 'running', 'waiting')`);
  for (const c of children) await cancelInTx(tx, c.id, catalog, fx);
  for (const r of rows) {
    if (r.parent_step_id !== null) {
      const resume = { kind: "child", executionId: r.id, status: r.status, result: r.result ?? null, ...(r.error ? { error: { message: r.error.message, code: r.error.code } } : {}) };
      await tx.execute(sql`update step_runs set run_at = now(), resume = ${JSON.stringify(resume)}::jsonb where id = ${Number(r.parent_step_id)} and status = 'waiting'`);
      fx.wake = true;
    }
    if (r.status === "failed" && !r.error_of_execution_id) await startErrorWorkflow(tx, r, r.error ?? { message: "failed" }, r.failed_node_id, catalog, fx);
  }
  // Admit queued executions of the workflows that freed a slot. Checked without the admission
  // lock first, so finishing runs of a busy workflow do not serialize on it; a start that queued
  // itself concurrently (not yet visible here) is admitted by the sweeper (sweepQueued).
  const counted = rows.filter((r) => !exempt({ parentExecutionId: r.parent_execution_id, errorOfExecutionId: r.error_of_execution_id }));
  if (counted.length === 0) return;
  const wfs = [...new Map(counted.map((r) => [r.workflow_id, r.graph_hash])).entries()];
  const queued = await queryRows<{ workflow_id: string }>(
    tx,
    sql`select distinct workflow_id from executions where status = 'queued' and workflow_id in (${sql.join(wfs.map(([w]) => sql`${w}::uuid`), sql`, `)})`,
  );
  for (const { workflow_id } of queued) {
    const { graph } = await loadGraph(tx, wfs.find(([w]) => w === workflow_id)![1], catalog);
    await admitQueued(tx, workflow_id, graph.settings.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY, catalog, fx);
  }
}

export async function cancelInTx(tx: Db, id: string, catalog: NodeCatalogLookup, fx: TxEffects): Promise<boolean> {
  const exec = await lockExecution(tx, id);
  if (!exec || isTerminal(exec.status)) return false;
  const { index } = await loadGraph(tx, exec.graph_hash, catalog);
  const r = next(index, exec.state ?? undefined, { type: "cancel" });
  await finishExecution(tx, id, r.state, { type: "finish", status: "canceled" }, catalog, fx);
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
