// The scheduler: every worker process calls runDueSchedules periodically. Each due tick is
// inserted under a unique (workflow, node, time) key together with its execution, in one
// transaction, so any number of schedulers produce exactly one execution per tick.
import { and, eq, isNotNull, max, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { scheduleTicks, workflows, workflowVersions, workspaces } from "@/db/schema";
import { validateGraph } from "@/server/engine/validate";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import { scheduleTriggerConfig } from "@/server/nodes/catalog/schedule-trigger";
import { createExecution, newEffects } from "@/server/runtime/lifecycle";
import { publish } from "@/server/runtime/commit";
import { progressBus } from "@/server/runtime/progress";
import { planTicks, simpleToCron, validateSchedule, type ScheduleSpec } from "@/server/triggers/schedule";

const SCHEDULE_NODE_TYPE = "trigger.schedule";

/** "every 15 minutes" or a cron expression → a validated spec, or a message for the user. */
export function scheduleSpecOf(schedule: string, timeZone: string): { ok: true; spec: ScheduleSpec } | { ok: false; message: string } {
  const simple = simpleToCron(schedule);
  const cron = simple.ok ? simple.value : schedule.trim();
  const v = validateSchedule({ cron, timeZone: timeZone || "UTC" });
  return v.ok ? { ok: true, spec: v.value } : { ok: false, message: simple.ok ? v.message : `${simple.message} (or use a cron expression: ${v.message})` };
}

export interface ScheduleRunResult {
  started: number;
  skippedMissed: number;
  problems: Array<{ workflowId: string; nodeId: string; message: string }>;
}

export async function runDueSchedules(db: Db, catalog: NodeCatalogLookup, now: Date = new Date()): Promise<ScheduleRunResult> {
  const result: ScheduleRunResult = { started: 0, skippedMissed: 0, problems: [] };
  const live = await db
    .select({
      workflowId: workflows.id,
      workspaceId: workflows.workspaceId,
      version: workflows.publishedVersion,
      graph: workflowVersions.graph,
      publishedAt: workflowVersions.createdAt,
      workspaceTz: workspaces.timeZone,
    })
    .from(workflows)
    .innerJoin(workflowVersions, and(eq(workflowVersions.workflowId, workflows.id), eq(workflowVersions.version, workflows.publishedVersion)))
    .innerJoin(workspaces, eq(workspaces.id, workflows.workspaceId))
    .where(
      and(
        eq(workflows.status, "active"),
        isNotNull(workflows.publishedVersion),
        sql`${workflows.deletedAt} is null`,
        sql`${workflowVersions.graph} @> ${JSON.stringify({ nodes: [{ type: SCHEDULE_NODE_TYPE }] })}::jsonb`,
      ),
    );
  for (const wf of live) {
    const v = validateGraph(wf.graph, catalog);
    if (!v.ok || !v.graph) continue;
    for (const node of v.graph.nodes.filter((n) => n.type === SCHEDULE_NODE_TYPE)) {
      const cfg = scheduleTriggerConfig.parse(node.config);
      const spec = scheduleSpecOf(cfg.schedule, cfg.timeZone || wf.workspaceTz);
      if (!spec.ok) {
        result.problems.push({ workflowId: wf.workflowId, nodeId: node.id, message: spec.message });
        continue;
      }
      const [last] = await db
        .select({ at: max(scheduleTicks.scheduledFor) })
        .from(scheduleTicks)
        .where(and(eq(scheduleTicks.workflowId, wf.workflowId), eq(scheduleTicks.nodeId, node.id)));
      // The cursor: the last tick already run, or the moment this version went live.
      const cursor = last?.at && last.at > wf.publishedAt ? last.at : wf.publishedAt;
      const plan = planTicks(spec.spec, cursor, now, cfg.missedRuns);
      result.skippedMissed += plan.skipped;
      for (const tick of plan.run) {
        const fx = newEffects();
        const started = await db.transaction(async (tx) => {
          const inserted = await tx
            .insert(scheduleTicks)
            .values({ workflowId: wf.workflowId, nodeId: node.id, scheduledFor: tick })
            .onConflictDoNothing()
            .returning({ workflowId: scheduleTicks.workflowId });
          if (inserted.length === 0) return false;
          const exec = await createExecution(
            tx,
            {
              workspaceId: wf.workspaceId,
              workflowId: wf.workflowId,
              workflowVersion: wf.version,
              mode: "production",
              graph: v.graph!,
              triggerNodeId: node.id,
              triggerData: { scheduledFor: tick.toISOString(), missedRunsSkipped: plan.skipped },
            },
            catalog,
            fx,
          );
          await tx
            .update(scheduleTicks)
            .set({ executionId: exec.id })
            .where(and(eq(scheduleTicks.workflowId, wf.workflowId), eq(scheduleTicks.nodeId, node.id), eq(scheduleTicks.scheduledFor, tick)));
          return true;
        });
        publish({ bus: progressBus(db) }, fx);
        if (started) result.started++;
      }
    }
  }
  return result;
}
