// The durable inbox shared by webhook and form intake: one row per (endpoint, mode, dedupe key)
// within its window, committed together with the execution it starts.
import { and, eq, gt, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { webhookEndpoints, webhookInbox } from "@/db/schema";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import { createExecution, newEffects, type TxEffects } from "@/server/runtime/lifecycle";
import type { LocalClaim } from "@/server/runtime/apply";
import type { ClaimedStep } from "@/server/runtime/queue";
import { publish } from "@/server/runtime/commit";
import { progressBus } from "@/server/runtime/progress";
import type { IdempotencyKey } from "@/server/triggers/idempotency";
import type { WebhookTarget } from "./webhook-target";

export type Stored = { duplicate: true; executionId: string | null } | { duplicate: false; executionId: string; claimed: ClaimedStep[] };

interface StoreDeps {
  catalog: NodeCatalogLookup;
  now?: () => number;
  /** Claim the execution's first steps for the caller (respond mode runs them in-process). */
  local?: LocalClaim;
}

/** The key exists already: roll the optimistic transaction back and take the careful path. */
class KeyTaken extends Error {}

export async function storeTriggerEvent(
  db: Db,
  target: WebhookTarget,
  mode: "production" | "test",
  key: IdempotencyKey | null,
  triggerData: Record<string, unknown>,
  deps: StoreDeps,
): Promise<Stored> {
  const nowDate = new Date((deps.now ?? Date.now)());
  const dedupeKey = key?.key ?? `none:${randomUUID()}`;
  const row = {
    endpointId: target.endpointId,
    mode,
    dedupeKey,
    workspaceId: target.workspaceId,
    dedupeSource: key?.source ?? "none",
    expiresAt: new Date(nowDate.getTime() + (key?.windowSeconds ?? 60) * 1000),
  };
  const start = (tx: Db, fx: TxEffects, id: string) =>
    createExecution(
      tx,
      { workspaceId: target.workspaceId, workflowId: target.workflowId, workflowVersion: target.workflowVersion, mode, graph: target.graph, triggerNodeId: target.trigger.id, triggerData },
      deps.catalog,
      fx,
      { id, local: deps.local },
    );
  // Common case, few round trips: create the execution (its id chosen here), then insert the inbox
  // row already linked to it. A key that exists (a duplicate, or an expired window) rolls this back.
  let fx = newEffects();
  try {
    const result = await db.transaction(async (tx): Promise<Stored> => {
      const t = tx as unknown as Db;
      if (key?.previousKey && (await findLive(t, target.endpointId, mode, key.previousKey, nowDate))) throw new KeyTaken();
      const execution = await start(t, fx, randomUUID());
      const inserted = await t.insert(webhookInbox).values({ ...row, executionId: execution.id }).onConflictDoNothing().returning({ id: webhookInbox.id });
      if (inserted.length === 0) throw new KeyTaken();
      await touchEndpoint(t, target.endpointId, mode, nowDate, triggerData);
      return { duplicate: false, executionId: execution.id, claimed: execution.claimed };
    });
    publish({ bus: progressBus(db) }, fx);
    return result;
  } catch (e) {
    if (!(e instanceof KeyTaken)) throw e;
  }
  fx = newEffects();
  const result = await db.transaction(async (tx): Promise<Stored> => {
    const t = tx as unknown as Db;
    const keyWhere = and(eq(webhookInbox.endpointId, target.endpointId), eq(webhookInbox.mode, mode), eq(webhookInbox.dedupeKey, dedupeKey));
    if (key?.previousKey) {
      const prev = await findLive(t, target.endpointId, mode, key.previousKey, nowDate);
      if (prev) return { duplicate: true, executionId: prev.executionId };
    }
    // Concurrent duplicates wait here on the unique index until the first commits, then do nothing.
    let inserted = await t.insert(webhookInbox).values(row).onConflictDoNothing().returning({ id: webhookInbox.id });
    if (inserted.length === 0) {
      const [existing] = await t.select({ executionId: webhookInbox.executionId, expiresAt: webhookInbox.expiresAt }).from(webhookInbox).where(keyWhere);
      if (existing && existing.expiresAt > nowDate) return { duplicate: true, executionId: existing.executionId };
      // The earlier event's window has passed: the key counts as new again.
      await t.delete(webhookInbox).where(keyWhere);
      inserted = await t.insert(webhookInbox).values(row).returning({ id: webhookInbox.id });
    }
    const execution = await start(t, fx, randomUUID());
    await t.update(webhookInbox).set({ executionId: execution.id }).where(eq(webhookInbox.id, inserted[0]!.id));
    await touchEndpoint(t, target.endpointId, mode, nowDate, triggerData);
    return { duplicate: false, executionId: execution.id, claimed: execution.claimed };
  });
  publish({ bus: progressBus(db) }, fx);
  return result;
}

async function findLive(tx: Db, endpointId: string, mode: "production" | "test", dedupeKey: string, nowDate: Date) {
  const [prev] = await tx
    .select({ executionId: webhookInbox.executionId })
    .from(webhookInbox)
    .where(and(eq(webhookInbox.endpointId, endpointId), eq(webhookInbox.mode, mode), eq(webhookInbox.dedupeKey, dedupeKey), gt(webhookInbox.expiresAt, nowDate)));
  return prev;
}

// When this process last moved an endpoint's lastEventAt (production only; the column is a
// "last seen" hint shown in the editor, precise to about 10 s).
const touched = new Map<string, number>();
const TOUCH_EVERY_MS = 10_000;

/**
 * The endpoint row is shared by every request of this trigger: touch it at most every 10 s in
 * production (skipping even the statement when this process did so recently) so concurrent intake
 * does not queue on its row lock. Test events are the trigger's sample, always written.
 */
export async function touchEndpoint(tx: Db, endpointId: string, mode: "production" | "test", nowDate: Date, triggerData: Record<string, unknown>): Promise<void> {
  if (mode === "test") {
    await tx.update(webhookEndpoints).set({ lastEventAt: nowDate, lastTestEvent: triggerData }).where(eq(webhookEndpoints.id, endpointId));
    return;
  }
  const last = touched.get(endpointId);
  if (last !== undefined && nowDate.getTime() - last < TOUCH_EVERY_MS && nowDate.getTime() >= last) return;
  if (touched.size > 5000) touched.clear();
  touched.set(endpointId, nowDate.getTime());
  await tx
    .update(webhookEndpoints)
    .set({ lastEventAt: nowDate })
    .where(and(eq(webhookEndpoints.id, endpointId), sql`(${webhookEndpoints.lastEventAt} is null or ${webhookEndpoints.lastEventAt} < ${nowDate}::timestamptz - interval '10 seconds')`));
}

/** A test request that starts nothing (its draft cannot run yet) is still the trigger's sample. */
export async function recordTestSample(db: Db, endpointId: string, triggerData: Record<string, unknown>): Promise<void> {
  await db.update(webhookEndpoints).set({ lastEventAt: new Date(), lastTestEvent: triggerData }).where(eq(webhookEndpoints.id, endpointId));
}
