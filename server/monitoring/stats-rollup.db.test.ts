// The dashboard's hourly rollup: the failure rate series and the per-workflow stats give the same
// answers before and after the rollup (whole hours from the rollup, the rest from executions),
// the partial first hour is cut at the window's start, and rolling is idempotent.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "@/db/client";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { failureRateSeries, workflowStats } from "@/server/services/monitoring";
import { floorHour, histogramPercentile, rollupExecutionStats, rolledUntil } from "./stats-rollup";
import { seedRuns, seedWorkflow, type SeedRun } from "./testing/seed";

const H = 3600_000;
let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

describe("duration histogram percentiles", () => {
  it("are within 10% of the exact order statistic", () => {
    const bucket = (ms: number) => Math.ceil(Math.log(Math.max(ms, 1)) / Math.log(1.1));
    const hist: Record<string, number> = {};
    for (const ms of [250, 250, 250, 1000]) hist[bucket(ms)] = (hist[bucket(ms)] ?? 0) + 1;
    expect(histogramPercentile(hist, 0.5)! / 0.25).toBeGreaterThan(0.9);
    expect(histogramPercentile(hist, 0.5)! / 0.25).toBeLessThanOrEqual(1.1);
    expect(histogramPercentile(hist, 0.99)! / 1).toBeGreaterThan(0.9);
    expect(histogramPercentile({}, 0.5)).toBeNull();
  });
});

describe(`dashboard rollup on ${testDriver}`, () => {
  it("answers the same from the rollup as from the executions, cut at the window's start", async () => {
    const { workspaceId } = await makeWorkspaceWithOwner(t.db);
    const a = await seedWorkflow(t.db, workspaceId, "A");
    const b = await seedWorkflow(t.db, workspaceId, "B");
    // The window: 48 hours ending half past the current hour, so it starts mid-hour.
    const now = new Date(floorHour(new Date()).getTime() + 30 * 60_000);
    const from = new Date(now.getTime() - 48 * H);
    const at = (msBeforeNow: number) => new Date(now.getTime() - msBeforeNow);
    const runsA: SeedRun[] = [
      // In the first (partial) hour: one before the window's start (not counted), one after.
      { status: "failed", finishedAt: new Date(from.getTime() - 5 * 60_000), durationMs: 100 },
      { status: "succeeded", finishedAt: new Date(from.getTime() + 5 * 60_000), durationMs: 100 },
      ...Array.from({ length: 10 }, (_, i): SeedRun => ({ status: i < 3 ? "failed" : "succeeded", finishedAt: at((30 - i) * H), durationMs: 100 * (i + 1) })),
      { status: "succeeded", finishedAt: at(2 * H), durationMs: 5000, mode: "test" },
    ];
    await seedRuns(t.db, workspaceId, a, runsA);
    await seedRuns(t.db, workspaceId, b, [
      { status: "succeeded", finishedAt: at(20 * H), durationMs: 2000 },
      { status: "failed", finishedAt: at(20 * H - 60_000), durationMs: 2000 },
    ]);
    // Executions that finished this hour (or later) are read live whatever the rollup holds.
    const [recent] = await seedRuns(t.db, workspaceId, b, [{ status: "failed", finishedAt: new Date(), durationMs: 2000 }]);
    expect(recent).toBeDefined();

    const input = { hours: 48, mode: "production" as const };
    const before = { series: await failureRateSeries(t.db, workspaceId, input, now), stats: await workflowStats(t.db, workspaceId, input, now) };
    expect(await rolledUntil(t.db)).toBeNull();
    expect(await rollupExecutionStats(t.db, { maxHours: 24 * 100 })).toBeGreaterThanOrEqual(47);
    const rolled = await rolledUntil(t.db);
    expect(rolled!.getTime()).toBeGreaterThan(now.getTime() - 2 * H);
    const rows = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from execution_stats_hourly where workspace_id = ${workspaceId}::uuid`);
    expect(rows[0]!.n).toBeGreaterThan(5);
    const after = { series: await failureRateSeries(t.db, workspaceId, input, now), stats: await workflowStats(t.db, workspaceId, input, now) };
    expect(after).toEqual(before);

    // Counts are exact: A has 11 production runs in the window (3 failed), B 3 (2 failed).
    const stat = (id: string) => after.stats.find((s) => s.workflowId === id)!;
    expect([stat(a).total, stat(a).succeeded, stat(a).failed]).toEqual([11, 8, 3]);
    expect([stat(b).total, stat(b).succeeded, stat(b).failed]).toEqual([3, 1, 2]);
    expect(after.stats.map((s) => s.name)).toEqual(["A", "B"]); // most failures first
    // Percentiles from the histograms: A's durations are 100 ms and 100…1000 ms.
    expect(stat(a).p50Seconds!).toBeGreaterThan(0.4);
    expect(stat(a).p50Seconds!).toBeLessThan(0.66);
    expect(stat(a).p99Seconds!).toBeGreaterThan(0.9);
    expect(stat(a).p99Seconds!).toBeLessThanOrEqual(1.1);
    expect(stat(b).p95Seconds! / 2).toBeCloseTo(1, 0);
    const sum = (id: string, k: "total" | "failed") => after.series.points.filter((p) => p.workflowId === id).reduce((s, p) => s + p[k], 0);
    expect([sum(a, "total"), sum(a, "failed"), sum(b, "total"), sum(b, "failed")]).toEqual([11, 3, 3, 2]);
    expect(after.series.unit).toBe("hour");
    // The partial first hour's bucket holds only the run after the window's start.
    const first = after.series.points.find((p) => p.bucket.getTime() === floorHour(from).getTime());
    expect(first).toMatchObject({ workflowId: a, total: 1, failed: 0 });

    // Test runs are separate; "all" adds them.
    const all = await workflowStats(t.db, workspaceId, { hours: 48, mode: "all" }, now);
    expect(all.find((s) => s.workflowId === a)!.total).toBe(12);
    // Day buckets for long windows.
    const week = await failureRateSeries(t.db, workspaceId, { hours: 24 * 7, mode: "production" }, now);
    expect(week.unit).toBe("day");
    expect(week.points.reduce((s, p) => s + p.total, 0)).toBe(15);

    // Rolling again changes nothing; two rollers at once do not collide.
    expect(await rollupExecutionStats(t.db)).toBe(0);
    await t.db.execute(sql`delete from execution_stats_rollup`);
    await Promise.all([rollupExecutionStats(t.db, { maxHours: 24 * 100 }), rollupExecutionStats(t.db, { maxHours: 24 * 100 })]);
    expect({ series: await failureRateSeries(t.db, workspaceId, input, now), stats: await workflowStats(t.db, workspaceId, input, now) }).toEqual(before);
  });
});
