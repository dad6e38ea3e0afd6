import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { setRetention } from "@/server/services/sla";
import { pruneExecutions } from "./retention-prune";
import { seedRuns, seedWorkflow } from "./testing/seed";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

describe(`retention on ${testDriver}`, () => {
  it("prunes old finished runs in batches per workspace settings, never unfinished ones", async () => {
    const { workspaceId } = await makeWorkspaceWithOwner(t.db);
    await setRetention(t.db, workspaceId, { id: null, label: "Admin" }, { successDays: 7, failedDays: 30 });
    const wf = await seedWorkflow(t.db, workspaceId);
    const days = (n: number) => new Date(Date.now() - n * 86_400_000);
    const [oldOk1, oldOk2, recentOk, oldFailed, olderFailed, stuck] = await seedRuns(t.db, workspaceId, wf, [
      { status: "succeeded", finishedAt: days(8) },
      { status: "succeeded", finishedAt: days(9) },
      { status: "succeeded", finishedAt: days(2) },
      { status: "failed", finishedAt: days(8) },
      { status: "failed", finishedAt: days(31) },
      { status: "succeeded", finishedAt: days(60) },
    ]);
    // A run that never finished (finished_at set by mistake or not) must survive any age.
    await t.db.execute(sql`update executions set status = 'running' where id = ${stuck}::uuid`);
    expect(await pruneExecutions(t.db, new Date(), { batch: 1 })).toBe(3);
    const left = await queryRows<{ id: string }>(t.db, sql`select id from executions where workspace_id = ${workspaceId}::uuid`);
    expect(new Set(left.map((r) => r.id))).toEqual(new Set([recentOk, oldFailed, stuck]));
    expect([oldOk1, oldOk2, olderFailed].some((id) => left.some((r) => r.id === id))).toBe(false);
  });
});
