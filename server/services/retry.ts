// Run actions: retry from the failed step, replay with the same trigger data, bulk retry of the
// failed runs in a filter. Every action is written to the audit log.
import { and, eq, isNull, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executionRetries, executions, workflows, workflowVersions } from "@/db/schema";
import { validateGraph } from "@/server/engine/validate";
import type { WorkflowGraph } from "@/server/engine/graph";
import { getDefaultRegistry, type NodeRegistry } from "@/server/nodes/registry";
import { loadGraph } from "@/server/runtime/graph-store";
import { createExecution, newEffects } from "@/server/runtime/lifecycle";
import { publish } from "@/server/runtime/commit";
import { progressBus } from "@/server/runtime/progress";
import { RetryRefused, retryFailedExecution, type RetryTarget } from "@/server/runtime/retry-execution";
import { recordAudit, type Actor } from "./audit";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { runIdsMatching, type RunsFilter } from "./executions-query";
import { cancelExecution, startProductionRun } from "./runs";

export interface ActionDeps {
  registry?: NodeRegistry;
}

/** Which graph a retry continues on: the latest (draft for test runs, published for production) or the one that ran. */
export type RetryGraph = "latest" | "ran";

async function latestGraph(db: Db, registry: NodeRegistry, workspaceId: string, workflowId: string, mode: "production" | "test"): Promise<RetryTarget> {
  const [wf] = await db
    .select({ draft: workflows.draftGraph, published: workflows.publishedVersion })
    .from(workflows)
    .where(and(eq(workflows.id, workflowId), eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt)));
  if (!wf) throw new NotFoundError("Workflow");
  if (mode === "test") return { graph: valid(wf.draft, registry), workflowVersion: null };
  if (wf.published === null) throw new ConflictError("The workflow has no published version to retry on.");
  const [v] = await db
    .select({ graph: workflowVersions.graph })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.version, wf.published)));
  if (!v) throw new NotFoundError("Published version");
  return { graph: valid(v.graph, registry), workflowVersion: wf.published };
}

function valid(stored: unknown, registry: NodeRegistry): WorkflowGraph {
  const v = validateGraph(stored, registry);
  if (!v.ok || !v.graph) {
    const first = v.issues.find((i) => i.severity === "error");
    throw new ValidationError(`The workflow is not valid: ${first?.message ?? "fix it in the editor first"}`);
  }
  return v.graph;
}

export async function retryFromFailedStep(db: Db, workspaceId: string, actor: Actor, input: { executionId: string; graph?: RetryGraph }, deps: ActionDeps = {}) {
  const registry = deps.registry ?? getDefaultRegistry();
  if (!isUuid(input.executionId)) throw new NotFoundError("Execution");
  try {
    const r = await retryFailedExecution(
      db,
      workspaceId,
      input.executionId,
      registry,
      async (tx, exec) => ((input.graph ?? "latest") === "ran" ? null : latestGraph(tx, registry, workspaceId, exec.workflowId, exec.mode)),
      async (tx, res) => {
        const nodeIds = [...new Set(res.steps.map((s) => s.nodeId))];
        const changed = res.graphHashAfter !== res.graphHashBefore;
        await tx.insert(executionRetries).values({
          workspaceId,
          executionId: res.executionId,
          retryExecutionId: res.retryExecutionId,
          nodeIds,
          graphHashBefore: res.graphHashBefore,
          graphHashAfter: res.graphHashAfter,
          versionBefore: res.versionBefore,
          versionAfter: res.versionAfter,
          actorId: actor.id,
          actorLabel: actor.label,
        });
        await recordAudit(tx, workspaceId, actor, {
          action: "execution.retry",
          targetType: "execution",
          targetId: res.executionId,
          summary: `Retried a failed run from the failed step (${nodeIds.map((n) => `"${res.names[n] ?? n}"`).join(", ")})${changed ? " on the updated workflow" : ""}; ${res.keptSteps} completed step(s) kept`,
          details: { retryExecutionId: res.retryExecutionId, steps: res.steps.map((s) => ({ nodeId: s.nodeId, scope: s.scope, attempt: s.attempt })), graphChanged: changed },
        });
      },
    );
    return { executionId: r.retryExecutionId, retriedFrom: r.executionId, steps: r.steps.map((s) => ({ nodeId: s.nodeId, scope: s.scope, attempt: s.attempt })), keptSteps: r.keptSteps };
  } catch (e) {
    if (e instanceof RetryRefused) {
      if (e.reason === "missing") throw new NotFoundError("Execution");
      throw new ConflictError(e.message);
    }
    throw e;
  }
}

/** Starts a new execution with the same trigger data: on the published version, or on exactly the graph that ran. */
export async function replayExecution(db: Db, workspaceId: string, actor: Actor, input: { executionId: string; on: "published" | "ran" }, deps: ActionDeps = {}) {
  const registry = deps.registry ?? getDefaultRegistry();
  if (!isUuid(input.executionId)) throw new NotFoundError("Execution");
  const [src] = await db.select().from(executions).where(and(eq(executions.id, input.executionId), eq(executions.workspaceId, workspaceId)));
  if (!src) throw new NotFoundError("Execution");
  let newId: string;
  if (input.on === "published") {
    const started = await startProductionRun(db, workspaceId, { workflowId: src.workflowId, payload: src.triggerData ?? undefined, triggerNodeId: src.triggerNodeId, userId: actor.id }, { registry });
    newId = started.executionId;
  } else {
    const { graph } = await loadGraph(db, src.graphHash, registry);
    const fx = newEffects();
    const created = await db.transaction(async (tx) =>
      createExecution(
        tx as unknown as Db,
        { workspaceId, workflowId: src.workflowId, workflowVersion: src.workflowVersion, mode: src.mode, graph, triggerNodeId: src.triggerNodeId, triggerData: src.triggerData, createdBy: actor.id },
        registry,
        fx,
      ),
    );
    publish({ bus: progressBus(db) }, fx);
    newId = created.id;
  }
  await recordAudit(db, workspaceId, actor, {
    action: "execution.replay",
    targetType: "execution",
    targetId: input.executionId,
    summary: `Replayed run with the same trigger data on ${input.on === "published" ? "the published version" : `the version that ran${src.workflowVersion ? ` (v${src.workflowVersion})` : " (draft)"}`}`,
    details: { newExecutionId: newId, on: input.on },
  });
  return { executionId: newId };
}

export const BULK_RETRY_MAX = 100;

/** Retries (from the failed step) up to 100 failed runs matching the filter; reports what could not be retried. */
export async function bulkRetry(db: Db, workspaceId: string, actor: Actor, filter: RunsFilter, deps: ActionDeps = {}) {
  const ids = await runIdsMatching(db, workspaceId, { ...filter, status: "failed" }, BULK_RETRY_MAX);
  const retried: string[] = [];
  const skipped: { executionId: string; reason: string }[] = [];
  for (const id of ids) {
    try {
      await retryFromFailedStep(db, workspaceId, actor, { executionId: id }, deps);
      retried.push(id);
    } catch (e) {
      skipped.push({ executionId: id, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  await recordAudit(db, workspaceId, actor, {
    action: "execution.bulk_retry",
    targetType: "execution",
    summary: `Bulk retry: ${retried.length} run(s) retried${skipped.length ? `, ${skipped.length} skipped` : ""}`,
    details: { filter, retried, skipped },
  });
  return { retried: retried.length, skipped };
}

/** How a run relates to retries: the run that continued it, and the run it continues. */
export async function retryLinks(db: Db, workspaceId: string, executionId: string) {
  if (!isUuid(executionId)) return { retriedAs: null, retryOf: null };
  const rows = await db
    .select()
    .from(executionRetries)
    .where(and(eq(executionRetries.workspaceId, workspaceId), or(eq(executionRetries.executionId, executionId), eq(executionRetries.retryExecutionId, executionId))));
  const as = rows.find((r) => r.executionId === executionId);
  const of = rows.find((r) => r.retryExecutionId === executionId);
  return {
    retriedAs: as ? { executionId: as.retryExecutionId, by: as.actorLabel, at: as.createdAt } : null,
    retryOf: of ? { executionId: of.executionId, nodeIds: of.nodeIds, by: of.actorLabel, at: of.createdAt, graphChanged: of.graphHashAfter !== of.graphHashBefore } : null,
  };
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** Cancels a running execution and records who did it. */
export async function cancelRun(db: Db, workspaceId: string, actor: Actor, executionId: string, deps: ActionDeps = {}) {
  const r = await cancelExecution(db, workspaceId, executionId, { registry: deps.registry });
  await recordAudit(db, workspaceId, actor, { action: "execution.cancel", targetType: "execution", targetId: executionId, summary: "Canceled a running run" });
  return r;
}
