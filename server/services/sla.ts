// SLA monitors per workflow (admins change them, audited), and the health summary the workflow
// list and the dashboard show. Retention settings live here too: both are per-workspace service
// levels an admin sets once.
import { z } from "zod";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { slaKindEnum, slaMonitors, workflows, workspaces, type SlaHealth } from "@/db/schema";
import { describeSla } from "@/server/monitoring/alert-conditions";
import { DEFAULT_RETENTION } from "@/server/monitoring/retention-prune";
import { DEFAULT_STEP_DATA_CAP, MAX_STEP_DATA_CAP_MIB } from "@/server/monitoring/step-data-cap";
import { forgetStepDataCap } from "@/server/runtime/step-data-limit";
import { recordAudit, type Actor } from "./audit";
import { NotFoundError, ValidationError } from "./errors";

export const monitorInputSchema = z.object({
  workflowId: z.string().uuid(),
  kind: z.enum(slaKindEnum.enumValues),
  threshold: z.number().positive("Enter a positive number").max(1_000_000),
  windowMinutes: z.number().int().min(5).max(60 * 24 * 90).default(1440),
});
export type MonitorInput = z.input<typeof monitorInputSchema>;

export async function listMonitors(db: Db, workspaceId: string) {
  const rows = await db
    .select({ m: slaMonitors, workflowName: workflows.name })
    .from(slaMonitors)
    .innerJoin(workflows, eq(workflows.id, slaMonitors.workflowId))
    .where(eq(slaMonitors.workspaceId, workspaceId))
    .orderBy(workflows.name, slaMonitors.createdAt);
  return rows.map((r) => ({ ...r.m, workflowName: r.workflowName, description: describeSla(r.m.kind, r.m.threshold, r.m.lastValue) }));
}

export async function createMonitor(db: Db, workspaceId: string, actor: Actor, raw: MonitorInput) {
  const input = monitorInputSchema.parse(raw);
  if (input.kind === "success_rate" && input.threshold > 100) throw new ValidationError("A success rate is at most 100%", [{ path: "threshold", message: "At most 100" }]);
  const [wf] = await db.select({ name: workflows.name }).from(workflows).where(and(eq(workflows.id, input.workflowId), eq(workflows.workspaceId, workspaceId)));
  if (!wf) throw new NotFoundError("Workflow");
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.insert(slaMonitors).values({ ...input, workspaceId }).returning();
    await recordAudit(tx, workspaceId, actor, { action: "sla_monitor.create", targetType: "workflow", targetId: input.workflowId, summary: `Added an SLA monitor on "${wf.name}": ${describeSla(input.kind, input.threshold, null).replace(/ \(.*\)$/, "")}` });
    return { id: row!.id };
  });
}

export async function deleteMonitor(db: Db, workspaceId: string, actor: Actor, id: string) {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.delete(slaMonitors).where(and(eq(slaMonitors.id, id), eq(slaMonitors.workspaceId, workspaceId))).returning();
    if (!row) throw new NotFoundError("SLA monitor");
    await recordAudit(tx, workspaceId, actor, { action: "sla_monitor.delete", targetType: "workflow", targetId: row.workflowId, summary: "Removed an SLA monitor" });
  });
  return { id };
}

const RANK: Record<SlaHealth, number> = { unknown: 0, green: 1, amber: 2, red: 3 };

/** Worst health per workflow (for the badge on the workflow list). */
export async function slaHealthByWorkflow(db: Db, workspaceId: string): Promise<Record<string, { health: SlaHealth; monitors: number; details: string[] }>> {
  const rows = await db
    .select({ workflowId: slaMonitors.workflowId, health: slaMonitors.health, kind: slaMonitors.kind, threshold: slaMonitors.threshold, lastValue: slaMonitors.lastValue })
    .from(slaMonitors)
    .where(eq(slaMonitors.workspaceId, workspaceId));
  const out: Record<string, { health: SlaHealth; monitors: number; details: string[] }> = {};
  for (const r of rows) {
    const cur = (out[r.workflowId] ??= { health: "unknown", monitors: 0, details: [] });
    cur.monitors++;
    cur.details.push(describeSla(r.kind, r.threshold, r.lastValue));
    if (RANK[r.health] > RANK[cur.health]) cur.health = r.health;
  }
  return out;
}

export const retentionSchema = z.object({
  successDays: z.number().int().min(1, "At least 1 day").max(3650),
  failedDays: z.number().int().min(1, "At least 1 day").max(3650),
  /** Step data (output, error, logs) over this many MiB is not stored whole (docs/decisions/0802). */
  stepDataMaxMiB: z.number().int().min(1, "At least 1 MiB").max(MAX_STEP_DATA_CAP_MIB, `At most ${MAX_STEP_DATA_CAP_MIB} MiB`).default(1),
});
export type RetentionSettings = z.infer<typeof retentionSchema>;

export async function getRetention(db: Db, workspaceId: string): Promise<RetentionSettings> {
  const [ws] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws) throw new NotFoundError("The workspace");
  const r = retentionSchema.partial().safeParse(ws.settings.retention ?? {});
  return { ...DEFAULT_RETENTION, stepDataMaxMiB: DEFAULT_STEP_DATA_CAP / (1024 * 1024), ...(r.success ? r.data : {}) };
}

export async function setRetention(db: Db, workspaceId: string, actor: Actor, raw: z.input<typeof retentionSchema>): Promise<RetentionSettings> {
  const input = retentionSchema.parse(raw);
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx
      .update(workspaces)
      .set({ settings: sql`jsonb_set(${workspaces.settings}, '{retention}', ${JSON.stringify(input)}::jsonb, true)` })
      .where(eq(workspaces.id, workspaceId));
    await recordAudit(tx, workspaceId, actor, { action: "workspace.retention", targetType: "workspace", targetId: workspaceId, summary: `Run history kept ${input.successDays} days (successful) and ${input.failedDays} days (failed), step data up to ${input.stepDataMaxMiB} MiB`, details: input });
  });
  forgetStepDataCap(workspaceId);
  return input;
}
