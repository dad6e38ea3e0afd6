// Alert channels and rules (admins change them; every change is audited), incidents and the
// notification history. A generic webhook channel gets a signing secret, encrypted at rest with
// the credentials vault and shown once on creation.
import { z } from "zod";
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { alertChannelKindEnum, alertChannels, alertIncidents, alertNotifications, alertRuleKindEnum, alertRules, workflows } from "@/db/schema";
import { generateWebhookSecret } from "@/server/integrations/outbound-webhook";
import { encryptSecret, type KeyRing } from "@/server/integrations/vault";
import { appKeyRing } from "./credentials-keys";
import { recordAudit, type Actor } from "./audit";
import { NotFoundError, ValidationError } from "./errors";

export const channelInputSchema = z.object({
  name: z.string().trim().min(1, "Give the channel a name").max(100),
  kind: z.enum(alertChannelKindEnum.enumValues),
  /** e-mail: recipients; slack/webhook: the URL. */
  to: z.array(z.string().trim().email("Not an e-mail address")).max(20).optional(),
  credentialId: z.string().uuid().optional(),
  url: z.string().trim().url("Enter the full URL, starting with https://").max(2000).optional(),
});
export type ChannelInput = z.infer<typeof channelInputSchema>;

export const ruleInputSchema = z.object({
  name: z.string().trim().min(1, "Give the rule a name").max(100),
  kind: z.enum(alertRuleKindEnum.enumValues),
  workflowId: z.string().uuid().nullable().default(null),
  params: z.record(z.string(), z.number().positive().max(100_000)).default({}),
  channelIds: z.array(z.string().uuid()).max(10).default([]),
  enabled: z.boolean().default(true),
});
export type RuleInput = z.input<typeof ruleInputSchema>;

export async function listChannels(db: Db, workspaceId: string) {
  const rows = await db.select().from(alertChannels).where(eq(alertChannels.workspaceId, workspaceId)).orderBy(alertChannels.createdAt);
  return rows.map(({ secretEnc, ...c }) => ({ ...c, signed: !!secretEnc }));
}

export async function createChannel(db: Db, workspaceId: string, actor: Actor, raw: ChannelInput, deps: { ring?: KeyRing } = {}) {
  const input = channelInputSchema.parse(raw);
  if (input.kind === "email" && !input.to?.length) throw new ValidationError("Add at least one recipient", [{ path: "to", message: "Add at least one recipient" }]);
  if (input.kind !== "email" && !input.url) throw new ValidationError("Enter the webhook URL", [{ path: "url", message: "Enter the webhook URL" }]);
  const config = input.kind === "email" ? { to: input.to, ...(input.credentialId ? { credentialId: input.credentialId } : {}) } : { url: input.url };
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.insert(alertChannels).values({ workspaceId, name: input.name, kind: input.kind, config }).returning();
    let secret: string | null = null;
    if (input.kind === "webhook") {
      secret = generateWebhookSecret();
      const enc = encryptSecret(deps.ring ?? appKeyRing(), secret, { workspaceId, credentialId: row!.id });
      await tx.update(alertChannels).set({ secretEnc: enc }).where(eq(alertChannels.id, row!.id));
    }
    await recordAudit(tx, workspaceId, actor, { action: "alert_channel.create", targetType: "alert_channel", targetId: row!.id, summary: `Added the ${input.kind} alert channel "${input.name}"` });
    return { id: row!.id, secret };
  });
}

export async function deleteChannel(db: Db, workspaceId: string, actor: Actor, id: string) {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.delete(alertChannels).where(and(eq(alertChannels.id, id), eq(alertChannels.workspaceId, workspaceId))).returning();
    if (!row) throw new NotFoundError("Alert channel");
    await recordAudit(tx, workspaceId, actor, { action: "alert_channel.delete", targetType: "alert_channel", targetId: id, summary: `Removed the alert channel "${row.name}"` });
  });
  return { id };
}

export async function listRules(db: Db, workspaceId: string) {
  return db
    .select({ rule: alertRules, workflowName: workflows.name })
    .from(alertRules)
    .leftJoin(workflows, eq(workflows.id, alertRules.workflowId))
    .where(eq(alertRules.workspaceId, workspaceId))
    .orderBy(alertRules.createdAt)
    .then((rows) => rows.map((r) => ({ ...r.rule, workflowName: r.workflowName })));
}

async function checkRefs(db: Db, workspaceId: string, input: z.infer<typeof ruleInputSchema>) {
  if (input.workflowId) {
    const [wf] = await db.select({ id: workflows.id }).from(workflows).where(and(eq(workflows.id, input.workflowId), eq(workflows.workspaceId, workspaceId)));
    if (!wf) throw new ValidationError("That workflow does not exist", [{ path: "workflowId", message: "Unknown workflow" }]);
  }
  if (input.channelIds.length) {
    const found = await db.select({ id: alertChannels.id }).from(alertChannels).where(and(inArray(alertChannels.id, input.channelIds), eq(alertChannels.workspaceId, workspaceId)));
    if (found.length !== new Set(input.channelIds).size) throw new ValidationError("A channel does not exist", [{ path: "channelIds", message: "Unknown channel" }]);
  }
}

export async function saveRule(db: Db, workspaceId: string, actor: Actor, raw: RuleInput & { id?: string }) {
  const input = ruleInputSchema.parse(raw);
  await checkRefs(db, workspaceId, input);
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    let id = raw.id;
    if (id) {
      const [row] = await tx.update(alertRules).set(input).where(and(eq(alertRules.id, id), eq(alertRules.workspaceId, workspaceId))).returning();
      if (!row) throw new NotFoundError("Alert rule");
    } else {
      const [row] = await tx.insert(alertRules).values({ ...input, workspaceId }).returning();
      id = row!.id;
    }
    await recordAudit(tx, workspaceId, actor, {
      action: raw.id ? "alert_rule.update" : "alert_rule.create",
      targetType: "alert_rule",
      targetId: id,
      summary: `${raw.id ? "Changed" : "Added"} the alert rule "${input.name}"${input.enabled ? "" : " (paused)"}`,
      details: { kind: input.kind, workflowId: input.workflowId, params: input.params, channels: input.channelIds.length },
    });
    return { id: id! };
  });
}

export async function deleteRule(db: Db, workspaceId: string, actor: Actor, id: string) {
  await db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [row] = await tx.delete(alertRules).where(and(eq(alertRules.id, id), eq(alertRules.workspaceId, workspaceId))).returning();
    if (!row) throw new NotFoundError("Alert rule");
    await recordAudit(tx, workspaceId, actor, { action: "alert_rule.delete", targetType: "alert_rule", targetId: id, summary: `Removed the alert rule "${row.name}"` });
  });
  return { id };
}

/** Incidents, newest first, with their notifications (the alert history). */
export async function listIncidents(db: Db, workspaceId: string, opts: { limit?: number } = {}) {
  const incidents = await db
    .select({ incident: alertIncidents, ruleName: alertRules.name })
    .from(alertIncidents)
    .innerJoin(alertRules, eq(alertRules.id, alertIncidents.ruleId))
    .where(eq(alertIncidents.workspaceId, workspaceId))
    .orderBy(desc(alertIncidents.openedAt))
    .limit(Math.min(opts.limit ?? 50, 200));
  const ids = incidents.map((i) => i.incident.id);
  const notes = ids.length
    ? await db
        .select({ n: alertNotifications, channelName: alertChannels.name })
        .from(alertNotifications)
        .innerJoin(alertChannels, eq(alertChannels.id, alertNotifications.channelId))
        .where(inArray(alertNotifications.incidentId, ids))
    : [];
  return incidents.map((i) => ({
    ...i.incident,
    ruleName: i.ruleName,
    notifications: notes.filter((n) => n.n.incidentId === i.incident.id).map((n) => ({ event: n.n.event, status: n.n.status, attempts: n.n.attempts, error: n.n.error, sentAt: n.n.sentAt, channelName: n.channelName })),
  }));
}
