// Execution lifecycle inside a transaction: create (with per-workflow admission), finish
// (monotonic: only a non-terminal execution changes), cancel, error workflow and parent wake-up.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { executions } from "@/db/schema";
import { DEFAULT_EXECUTION_TIMEOUT_MS, DEFAULT_WORKFLOW_CONCURRENCY, type WorkflowGraph } from "@/server/engine/graph";
import { next } from "@/server/engine/interpreter";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import type { RunState } from "@/server/engine/state";
import { loadGraph, storeGraph } from "./graph-store";
import { applyCommands, type LocalClaim } from "./apply";
import { decideStart, lockForAdmission } from "./admission";
import type { ClaimedStep } from "./queue";
import { unpackState } from "./state-store";
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
export const exempt = (e: { parentExecutionId?: string | null; errorOfExecutionId?: string | null }) => !!e.parentExecutionId || !!e.errorOfExecutionId;

export interface CreateOptions {
  /** The execution's id, when the caller needs it before the row exists (the inbox row). */
  id?: string;
  /** Claim the first steps for the caller (the intake runs a respond-mode flow's pure steps itself). */
  local?: LocalClaim;
}

export async function createExecution(
  tx: Db,
  p: NewExecution,
  catalog: NodeCatalogLookup,
  fx: TxEffects,
  opts: CreateOptions = {},
): Promise<{ id: string; status: string; claimed: ClaimedStep[] }> {
  const hash = await storeGraph(tx, p.graph);
  const timeoutMs = p.graph.settings.timeoutMs ?? DEFAULT_EXECUTION_TIMEOUT_MS;
  const limit = p.graph.settings.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY;
  const id = opts.id ?? randomUUID();
  const decision = exempt(p) ? "start" : await decideStart(tx, p.workflowId, limit);
  const row = {
    id,
    workspaceId: p.workspaceId,
    workflowId: p.workflowId,
    workflowVersion: p.workflowVersion,
    mode: p.mode,
    graphHash: hash,
    triggerNodeId: p.triggerNodeId,
    triggerData: p.triggerData ?? null,
    parentExecutionId: p.parentExecutionId ?? null,
    parentStepId: p.parentStepId ?? null,
    depth: p.depth ?? 0,
    errorOfExecutionId: p.errorOfExecutionId ?? null,
    timeoutMs,
    createdBy: p.createdBy ?? null,
  };
  // Fast path: a slot is ours, start at once (one INSERT, no re-read).
  if (decision === "start") {
    const { index } = await loadGraph(tx, hash, catalog);
    const r = next(index, undefined, { type: "start", triggerNodeId: p.triggerNodeId });
    await tx.insert(executions).values({ ...row, status: "running", state: r.state, startedAt: sql`now()`, deadlineAt: sql`now() + ${timeoutMs} * interval '1 millisecond'` });
    const applied = await applyCommands(tx, [{ exec: { id, workspaceId: p.workspaceId }, commands: r.commands }], opts.local);
    fx.events.push({ type: "execution", workspaceId: p.workspaceId, executionId: id, status: "running" }, ...applied.events);
    fx.wake = true;
    const finish = applied.finishes.get(id);
    if (finish) await finishExecution(tx, id, r.state, finish, catalog, fx);
    return { id, status: "running", claimed: applied.claimed };
  }
  await tx.insert(executions).values({ ...row, status: "queued" });
  fx.events.push({ type: "execution", workspaceId: p.workspaceId, executionId: id, status: "queued" });
  if (decision === "queue") return { id, status: "queued", claimed: [] };
  const started = await admitQueued(tx, p.workflowId, limit, catalog, fx);
  return { id, status: started.includes(id) ? "running" : "queued", claimed: [] };
}

/** Starts queued executions of a workflow while it is under its concurrency limit. */
export async function admitQueued(tx: Db, workflowId: string, limit: number, catalog: NodeCatalogLookup, fx: TxEffects): Promise<string[]> {
  // Serialize admitters per workflow (see admission.ts) so two cannot both take the last slot.
  const free = await lockForAdmission(tx, workflowId, limit);
  if (free <= 0) return [];
  const queued = await queryRows<{ id: string; workspace_id: string; graph_hash: string; trigger_node_id: string }>(
    tx,
    sql`select id, workspace_id, graph_hash, trigger_node_id from executions
        where workflow_id = ${workflowId} and status = 'queued' order by created_at, id limit ${free} for update skip locked`,
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
  if (row) row.state = (await unpackState(tx, row.id, row.state)) ?? null;
  return row;
}

export const isTerminal = (status: string) => status === "succeeded" || status === "failed" || status === "canceled";

import { finishExecution } from "./finish";
export { cancelInTx, finishExecution, finishExecutions } from "./finish";
