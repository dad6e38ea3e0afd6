// The durable inbox shared by webhook and form intake: one row per (endpoint, mode, dedupe key)
// within its window, committed together with the execution it starts.
import { and, eq, gt, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { webhookEndpoints, webhookInbox } from "@/db/schema";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import { createExecution, newEffects } from "@/server/runtime/lifecycle";
import { publish } from "@/server/runtime/commit";
import { progressBus } from "@/server/runtime/progress";
import type { IdempotencyKey } from "@/server/triggers/idempotency";
import type { WebhookTarget } from "./webhook-target";

export type Stored = { duplicate: true; executionId: string | null } | { duplicate: false; executionId: string };

export async function storeTriggerEvent(
  db: Db,
  target: WebhookTarget,
  mode: "production" | "test",
  key: IdempotencyKey | null,
  triggerData: Record<string, unknown>,
  deps: { catalog: NodeCatalogLookup; now?: () => number },
): Promise<Stored> {
  const fx = newEffects();
  const nowDate = new Date((deps.now ?? Date.now)());
  const dedupeKey = key?.key ?? `none:${randomUUID()}`;
  const windowMs = (key?.windowSeconds ?? 60) * 1000;
  const result = await db.transaction(async (tx): Promise<Stored> => {
    const inboxKey = { endpointId: target.endpointId, mode, dedupeKey };
    const keyWhere = and(eq(webhookInbox.endpointId, target.endpointId), eq(webhookInbox.mode, mode), eq(webhookInbox.dedupeKey, dedupeKey));
    if (key?.previousKey) {
      const [prev] = await tx
        .select({ executionId: webhookInbox.executionId })
        .from(webhookInbox)
        .where(and(eq(webhookInbox.endpointId, target.endpointId), eq(webhookInbox.mode, mode), eq(webhookInbox.dedupeKey, key.previousKey), gt(webhookInbox.expiresAt, nowDate)));
      if (prev) return { duplicate: true, executionId: prev.executionId };
    }
    const row = { ...inboxKey, workspaceId: target.workspaceId, dedupeSource: key?.source ?? "none", expiresAt: new Date(nowDate.getTime() + windowMs) };
    // Concurrent duplicates wait here on the unique index until the first commits, then do nothing.
    let inserted = await tx.insert(webhookInbox).values(row).onConflictDoNothing().returning({ id: webhookInbox.id });
    if (inserted.length === 0) {
      const [existing] = await tx.select({ executionId: webhookInbox.executionId, expiresAt: webhookInbox.expiresAt }).from(webhookInbox).where(keyWhere);
      if (existing && existing.expiresAt > nowDate) return { duplicate: true, executionId: existing.executionId };
      // The earlier event's window has passed: the key counts as new again.
      await tx.delete(webhookInbox).where(keyWhere);
      inserted = await tx.insert(webhookInbox).values(row).returning({ id: webhookInbox.id });
    }
    const execution = await createExecution(
      tx,
      { workspaceId: target.workspaceId, workflowId: target.workflowId, workflowVersion: target.workflowVersion, mode, graph: target.graph, triggerNodeId: target.trigger.id, triggerData },
      deps.catalog,
      fx,
    );
    await tx.update(webhookInbox).set({ executionId: execution.id }).where(eq(webhookInbox.id, inserted[0]!.id));
    // The endpoint row is shared by every request of this trigger: touch it at most every 10 s in
    // production so concurrent intake does not queue on its row lock. Test events are the sample.
    await tx
      .update(webhookEndpoints)
      .set(mode === "test" ? { lastEventAt: nowDate, lastTestEvent: triggerData } : { lastEventAt: nowDate })
      .where(
        mode === "test"
          ? eq(webhookEndpoints.id, target.endpointId)
          : and(eq(webhookEndpoints.id, target.endpointId), sql`(${webhookEndpoints.lastEventAt} is null or ${webhookEndpoints.lastEventAt} < ${nowDate}::timestamptz - interval '10 seconds')`),
      );
    return { duplicate: false, executionId: execution.id };
  });
  publish({ bus: progressBus(db) }, fx);
  return result;
}
