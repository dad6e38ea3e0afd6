import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { workflows } from "@/db/schema";
import type { Db } from "@/db/client";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { publishedWebhook } from "./testing/published-webhook";
import { forgetTriggerTargets, resolveTriggerTarget } from "./webhook-target";

let t: Harness;
beforeAll(async () => {
  t = await createHarness();
});
afterAll(async () => t?.close());

/** The harness's database, counting the reads that go through `select`. */
function countingDb(): { db: Db; reads: () => number } {
  let n = 0;
  const db = new Proxy(t.db, {
    get(target, prop, receiver) {
      if (prop === "select") n++;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { db, reads: () => n };
}

describe(`webhook target lookup (${testDriver})`, () => {
  it("reads a token and its published graph once for many concurrent requests, and the token again after a change made in this process", async () => {
    const { token, workflowId } = await publishedWebhook(t, graphOf([["hook", "trigger.webhook", {}], ["a", "data.set", { fields: [] }]], [["hook", "a"]]));
    forgetTriggerTargets();
    const { db, reads } = countingDb();
    const results = await Promise.all(Array.from({ length: 20 }, () => resolveTriggerTarget(db, token, "production", t.registry, "trigger.webhook")));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(reads()).toBe(2);

    // Pausing goes through the API, which forgets the cached targets: the next request sees it.
    await t.db.update(workflows).set({ status: "paused" }).where(eq(workflows.id, workflowId));
    forgetTriggerTargets();
    const paused = await resolveTriggerTarget(db, token, "production", t.registry, "trigger.webhook");
    expect(paused).toMatchObject({ ok: false, status: 409 });
    expect(reads()).toBe(3);
  });

  it("does not cache what a read in flight saw when a change was made meanwhile", async () => {
    const row = (status: "active" | "paused") => ({ endpointId: "e", nodeId: "hook", workspaceId: "w", workflowId: "f", status, publishedVersion: 1, deletedAt: null });
    // A database whose token read answers only when told to.
    const slowDb = (answer: Promise<unknown[]>, onRead: () => void) =>
      ({ select: () => ({ from: () => ({ innerJoin: () => ({ where: () => (onRead(), answer) }) }) }) }) as unknown as Db;
    let release!: (rows: unknown[]) => void;
    const first = resolveTriggerTarget(slowDb(new Promise((r) => (release = r)), () => {}), "tok_in_flight_1", "production", t.registry, "trigger.webhook");
    forgetTriggerTargets(); // the workflow was paused while the read was in flight
    release([row("active")]);
    await first.catch(() => undefined);
    let reads = 0;
    const second = await resolveTriggerTarget(slowDb(Promise.resolve([row("paused")]), () => reads++), "tok_in_flight_1", "production", t.registry, "trigger.webhook");
    expect(reads).toBe(1);
    expect(second).toMatchObject({ ok: false, status: 409 });
  });
});
