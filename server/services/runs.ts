// Use cases for executions. Every function takes the workspace id and scopes every query by it:
// another workspace's execution or workflow answers as not found.
import { and, asc, desc, eq, isNull, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executions, stepRuns, workflows, workflowVersions, type ExecutionStatus } from "@/db/schema";
import { validateGraph } from "@/server/engine/validate";
import type { WorkflowGraph } from "@/server/engine/graph";
import { getDefaultRegistry, type NodeRegistry } from "@/server/nodes/registry";
import { createExecution, cancelInTx, isTerminal, newEffects } from "@/server/runtime/lifecycle";
import { publish } from "@/server/runtime/commit";
import { progressBus, type ProgressEvent } from "@/server/runtime/progress";
import { ConflictError, NotFoundError, ValidationError } from "./errors";

export interface RunsDeps {
  registry?: NodeRegistry;
}

export interface StartRunInput {
  workflowId: string;
  /** Trigger payload; for test runs defaults to the trigger's test data (Manual, or a Webhook's pinned sample). */
  payload?: unknown;
  /** Which trigger to start from; default: the first trigger answering `triggerKind`. */
  triggerNodeId?: string;
  triggerKind?: "manual" | "webhook" | "schedule";
  userId?: string | null;
}

export interface StartedRun {
  executionId: string;
  status: "queued" | "running";
}

/** Runs the current draft as a test execution. */
export async function startTestRun(db: Db, workspaceId: string, input: StartRunInput, deps: RunsDeps = {}): Promise<StartedRun> {
  const registry = deps.registry ?? getDefaultRegistry();
  const [wf] = await db
    .select({ id: workflows.id, draft: workflows.draftGraph })
    .from(workflows)
    .where(and(eq(workflows.id, input.workflowId), eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt)));
  if (!wf) throw new NotFoundError("Workflow");
  const graph = validOrThrow(wf.draft, registry);
  const trigger = pickTrigger(graph, registry, input);
  let payload = input.payload;
  if (payload === undefined) payload = testDataOf(trigger.config);
  return start(db, registry, { workspaceId, workflowId: wf.id, workflowVersion: null, mode: "test", graph, triggerNodeId: trigger.id, triggerData: payload ?? null, createdBy: input.userId ?? null });
}

/** Runs the published version (production). */
export async function startProductionRun(db: Db, workspaceId: string, input: StartRunInput, deps: RunsDeps = {}): Promise<StartedRun> {
  const registry = deps.registry ?? getDefaultRegistry();
  const [wf] = await db
    .select({ id: workflows.id, published: workflows.publishedVersion })
    .from(workflows)
    .where(and(eq(workflows.id, input.workflowId), eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt)));
  if (!wf) throw new NotFoundError("Workflow");
  if (wf.published === null) throw new ConflictError("The workflow has no published version");
  const [v] = await db
    .select({ graph: workflowVersions.graph })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, wf.id), eq(workflowVersions.workspaceId, workspaceId), eq(workflowVersions.version, wf.published)));
  if (!v) throw new NotFoundError("Published version");
  const graph = validOrThrow(v.graph, registry);
  const trigger = pickTrigger(graph, registry, input);
  return start(db, registry, { workspaceId, workflowId: wf.id, workflowVersion: wf.published, mode: "production", graph, triggerNodeId: trigger.id, triggerData: input.payload ?? null, createdBy: input.userId ?? null });
}

async function start(db: Db, registry: NodeRegistry, p: Parameters<typeof createExecution>[1]): Promise<StartedRun> {
  const fx = newEffects();
  const r = await db.transaction(async (tx) => createExecution(tx as unknown as Db, p, registry, fx));
  publish({ bus: progressBus(db) }, fx);
  return { executionId: r.id, status: r.status === "running" ? "running" : "queued" };
}

function validOrThrow(stored: unknown, registry: NodeRegistry): WorkflowGraph {
  const v = validateGraph(stored, registry);
  if (!v.ok || !v.graph) {
    const errors = v.issues.filter((i) => i.severity === "error");
    throw new ValidationError(
      errors[0]?.message ?? "The workflow is not valid",
      errors.map((i) => ({ path: i.path ?? "", message: i.message, ...(i.nodeId ? { nodeId: i.nodeId } : {}) })),
    );
  }
  return v.graph;
}

function pickTrigger(graph: WorkflowGraph, registry: NodeRegistry, input: StartRunInput) {
  if (input.triggerNodeId) {
    const n = graph.nodes.find((x) => x.id === input.triggerNodeId && registry.get(x.type)?.kind === "trigger");
    if (!n) throw new ValidationError(`"${input.triggerNodeId}" is not a trigger of this workflow`, [{ path: "triggerNodeId", message: "Not a trigger" }]);
    return n;
  }
  const triggers = graph.nodes.filter((x) => registry.get(x.type)?.kind === "trigger" && registry.get(x.type)?.triggerKind !== "error");
  const kind = input.triggerKind ?? "manual";
  const n = triggers.find((x) => registry.get(x.type)?.triggerKind === kind) ?? (input.triggerKind ? undefined : triggers[0]);
  if (!n) throw new ValidationError(`The workflow has no ${kind} trigger to start from`, [{ path: "", message: "No trigger" }]);
  return n;
}

function testDataOf(config: Record<string, unknown>): unknown {
  const raw = config.testData;
  if (typeof raw !== "string" || raw.trim() === "") return {};
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new ValidationError("The trigger's test data is not valid JSON", [{ path: "testData", message: "Invalid JSON" }]);
  }
}

const executionColumns = {
  id: executions.id,
  workflowId: executions.workflowId,
  workflowVersion: executions.workflowVersion,
  mode: executions.mode,
  status: executions.status,
  triggerNodeId: executions.triggerNodeId,
  triggerData: executions.triggerData,
  result: executions.result,
  error: executions.error,
  failedNodeId: executions.failedNodeId,
  parentExecutionId: executions.parentExecutionId,
  errorOfExecutionId: executions.errorOfExecutionId,
  depth: executions.depth,
  createdAt: executions.createdAt,
  startedAt: executions.startedAt,
  finishedAt: executions.finishedAt,
};

/** One execution with all its step rows (in creation order). */
export async function getExecution(db: Db, workspaceId: string, executionId: string) {
  if (!isUuid(executionId)) throw new NotFoundError("Execution");
  const [execution] = await db
    .select(executionColumns)
    .from(executions)
    .where(and(eq(executions.id, executionId), eq(executions.workspaceId, workspaceId)));
  if (!execution) throw new NotFoundError("Execution");
  const steps = await db
    .select({
      id: stepRuns.id,
      nodeId: stepRuns.nodeId,
      scope: stepRuns.scope,
      itemIndex: stepRuns.itemIndex,
      attempt: stepRuns.attempt,
      status: stepRuns.status,
      input: stepRuns.input,
      output: stepRuns.output,
      error: stepRuns.error,
      handle: stepRuns.handle,
      logs: stepRuns.logs,
      runAt: stepRuns.runAt,
      workerLosses: stepRuns.workerLosses,
      createdAt: stepRuns.createdAt,
      startedAt: stepRuns.startedAt,
      finishedAt: stepRuns.finishedAt,
    })
    .from(stepRuns)
    .where(and(eq(stepRuns.executionId, executionId), eq(stepRuns.workspaceId, workspaceId)))
    .orderBy(asc(stepRuns.id));
  return { ...execution, steps };
}

export interface ListExecutionsInput {
  workflowId?: string;
  status?: ExecutionStatus;
  mode?: "production" | "test";
  /** Keyset pagination: executions created before this one. */
  before?: string;
  limit?: number;
}

export async function listExecutions(db: Db, workspaceId: string, f: ListExecutionsInput = {}) {
  const conds: SQL[] = [eq(executions.workspaceId, workspaceId)];
  if (f.workflowId) conds.push(eq(executions.workflowId, f.workflowId));
  if (f.status) conds.push(eq(executions.status, f.status));
  if (f.mode) conds.push(eq(executions.mode, f.mode));
  if (f.before && isUuid(f.before)) conds.push(lt(executions.createdAt, sql`(select created_at from executions where id = ${f.before} and workspace_id = ${workspaceId})`));
  return db
    .select(executionColumns)
    .from(executions)
    .where(and(...conds))
    .orderBy(desc(executions.createdAt), desc(executions.id))
    .limit(Math.min(Math.max(f.limit ?? 50, 1), 200));
}

/** Cancels a non-finished execution (and its children). Finished executions answer with a conflict. */
export async function cancelExecution(db: Db, workspaceId: string, executionId: string, deps: RunsDeps = {}): Promise<{ status: "canceled" }> {
  const registry = deps.registry ?? getDefaultRegistry();
  if (!isUuid(executionId)) throw new NotFoundError("Execution");
  const fx = newEffects();
  const outcome = await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [row] = await t
      .select({ status: executions.status })
      .from(executions)
      .where(and(eq(executions.id, executionId), eq(executions.workspaceId, workspaceId)));
    if (!row) return "missing" as const;
    if (isTerminal(row.status)) return "finished" as const;
    return (await cancelInTx(t, executionId, registry, fx)) ? ("canceled" as const) : ("finished" as const);
  });
  if (outcome === "missing") throw new NotFoundError("Execution");
  if (outcome === "finished") throw new ConflictError("The execution has already finished");
  publish({ bus: progressBus(db) }, fx);
  return { status: "canceled" };
}

/**
 * Live progress for one execution (or all executions of the workspace when executionId is omitted).
 * Returns the unsubscribe function.
 */
export function subscribeToProgress(
  db: Db,
  workspaceId: string,
  listener: (e: Exclude<ProgressEvent, { type: "wake" }>) => void,
  executionId?: string,
): () => void {
  return progressBus(db).subscribe((e) => {
    if (e.type === "wake" || e.workspaceId !== workspaceId) return;
    if (executionId && e.executionId !== executionId) return;
    listener(e);
  });
}

function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
