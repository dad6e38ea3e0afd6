// Per-workflow admission without a serializing lock (admission.ts): the concurrency limit holds
// when starts race on several connections, and nothing queued is left behind.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { testDriver } from "@/db/testing/test-db";
import { startTestRun } from "@/server/services/runs";
import { createHarness, graphOf, type Harness } from "./testing/harness";
import { decideStart, lockForAdmission } from "./admission";

let t: Harness;
beforeAll(async () => {
  t = await createHarness();
});
afterAll(async () => t?.close());

const running = async (workflowId: string) =>
  (await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from executions where workflow_id = ${workflowId} and status in ('running', 'waiting')`))[0]!.n;

describe(`admission on ${testDriver}`, () => {
  it("60 starts racing for 3 slots never run more than 3 at once, and every queued one runs", async () => {
    const g = graphOf([["t", "trigger.manual"], ["d", "logic.delay", { amount: 0.1, unit: "seconds" }]], [["t", "d"]], { concurrency: 3 });
    const workflowId = await t.createWorkflow(g);
    let max = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        max = Math.max(max, await running(workflowId));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const starts = await Promise.all(Array.from({ length: 60 }, () => startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry })));
    expect(starts.filter((s) => s.status === "running").length).toBeLessThanOrEqual(3);
    expect(await running(workflowId)).toBeGreaterThanOrEqual(1);
    const workers = t.startWorkers(2);
    try {
      for (const s of starts) expect((await t.waitFor(s.executionId, { timeoutMs: 60_000 })).status).toBe("succeeded");
    } finally {
      sampling = false;
      await sampler;
      await Promise.all(workers.map((w) => w.stop()));
    }
    expect(max).toBeLessThanOrEqual(3);
    expect(max).toBeGreaterThanOrEqual(1);
  }, 90_000);

  // Two connections, deterministic interleaving: a start in flight (not yet committed) holds its
  // slot for everyone else, whether they start or admit.
  it.skipIf(testDriver !== "pg")("a start that is not committed yet counts for a racing start and for an admitter", async () => {
    const workflowId = await t.createWorkflow(graphOf([["t", "trigger.manual"]], [], { concurrency: 1 }));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let decided!: (d: string) => void;
    const first = new Promise<string>((r) => (decided = r));
    const holder = t.db.transaction(async (tx) => {
      decided(await decideStart(tx as unknown as Db, workflowId, 1));
      await gate;
    });
    expect(await first).toBe("start");
    try {
      const second = await t.db.transaction(async (tx) => decideStart(tx as unknown as Db, workflowId, 1));
      expect(second).toBe("queue-and-admit");
      const free = await t.db.transaction(async (tx) => lockForAdmission(tx as unknown as Db, workflowId, 1));
      expect(free).toBe(0);
      // With room for two, the one in flight takes one of them.
      expect(await t.db.transaction(async (tx) => lockForAdmission(tx as unknown as Db, workflowId, 2))).toBe(1);
    } finally {
      release();
      await holder;
    }
    // Committed (without a row): the slot is free again.
    expect(await t.db.transaction(async (tx) => decideStart(tx as unknown as Db, workflowId, 1))).toBe("start");
  });
});
