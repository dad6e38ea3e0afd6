// Runs-page and dashboard query benchmark (not a timed test) on Postgres: p50/p99 of the real
// service functions over a seeded database (default 1,000,000 executions, 10,000,000 steps).
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --conditions=react-server --import tsx bench/runs/run.ts
// Env: BENCH_EXECUTIONS (default 1000000), BENCH_STEPS_PER_EXECUTION (default 10), BENCH_REPEAT (default 30),
// BENCH_DATABASE_URL (measure a database seeded before instead of seeding a new one).
import "@/server/runtime/allow-server-only";
import { createDb } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { countRunsByStatus, listRuns, type RunsFilter } from "@/server/services/executions-query";
import { failureRateSeries, recentFailures, topErrors, workflowStats } from "@/server/services/monitoring";
import { machineLine, percentile, writeResults, writeSection } from "../report";
import { seedBench } from "./seed";
import { rollupExecutionStats } from "@/server/monitoring/stats-rollup";

const WS = "00000000-0000-4000-8000-000000000001";
const WF = "00000000-0000-4000-9000-000000000007";

async function time(repeat: number, fn: () => Promise<unknown>) {
  await fn(); // warm the cache once
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: Number(percentile(ms, 50).toFixed(1)), p99: Number(percentile(ms, 99).toFixed(1)) };
}

async function main() {
  const executions = Number(process.env.BENCH_EXECUTIONS ?? 1_000_000);
  const steps = Number(process.env.BENCH_STEPS_PER_EXECUTION ?? 10);
  const repeat = Number(process.env.BENCH_REPEAT ?? 30);
  // BENCH_DATABASE_URL: a database seeded before (BENCH_ONLY_SEED=1 BENCH_KEEP=1 prints its URL),
  // migrated to the current schema and measured without seeding again.
  const reuse = process.env.BENCH_DATABASE_URL;
  const scratch = reuse ? { url: reuse, drop: async () => {} } : await createScratchDatabase();
  const handle = await createDb({ url: scratch.url, poolSize: 4 });
  try {
    await migrateDb(handle);
    const db = handle.db;
    const seedStart = Date.now();
    if (!reuse) await seedBench(db, executions, steps, (m) => console.log(m));
    // What the monitoring pass does every 30 s on a live system: roll up the hours closed since.
    else console.log(`rolled up ${await rollupExecutionStats(db, { maxHours: 24 * 100 })} more hours`);
    if (process.env.BENCH_ONLY_SEED) return;
    const seedSeconds = reuse ? null : Math.round((Date.now() - seedStart) / 1000);
    const day = new Date(Date.now() - 86_400_000);
    const page1 = await listRuns(db, WS, {}, { limit: 50 });
    // A cursor deep in the history (about half way back).
    const deep = await listRuns(db, WS, { from: new Date(Date.now() - 46 * 86_400_000), to: new Date(Date.now() - 45 * 86_400_000) }, { limit: 1 });
    const deepCursor = deep.nextCursor ?? undefined;
    const cases: Array<[string, () => Promise<unknown>]> = [
      ["runs: all, first page", () => listRuns(db, WS, {}, { limit: 50 })],
      ["runs: next page (keyset)", () => listRuns(db, WS, {}, { limit: 50, cursor: page1.nextCursor ?? undefined })],
      ["runs: page 45 days back (keyset)", () => listRuns(db, WS, {}, { limit: 50, cursor: deepCursor })],
      ["runs: status failed", () => listRuns(db, WS, { status: "failed" }, { limit: 50 })],
      ["runs: one workflow", () => listRuns(db, WS, { workflowId: WF }, { limit: 50 })],
      ["runs: one workflow, failed", () => listRuns(db, WS, { workflowId: WF, status: "failed" }, { limit: 50 })],
      ["runs: test mode", () => listRuns(db, WS, { mode: "test" }, { limit: 50 })],
      ["runs: started by schedule", () => listRuns(db, WS, { trigger: "schedule" }, { limit: 50 })],
      ["runs: last 24 h", () => listRuns(db, WS, { from: day }, { limit: 50 })],
      ["runs: search, last 24 h", () => listRuns(db, WS, { from: day, search: "@example.test" } as RunsFilter, { limit: 50 })],
      ["runs: search for one lead, last 24 h", () => listRuns(db, WS, { from: day, search: `lead${executions - 10}@` }, { limit: 50 })],
      ["counts per status: last 24 h", () => countRunsByStatus(db, WS, { from: day })],
      ["counts per status: one workflow, 7 days", () => countRunsByStatus(db, WS, { workflowId: WF, from: new Date(Date.now() - 7 * 86_400_000) })],
      ["counts per status: all time", () => countRunsByStatus(db, WS, {})],
      ["dashboard: failure rate series, 7 days", () => failureRateSeries(db, WS, { hours: 168, mode: "production" })],
      ["dashboard: top errors, 7 days", () => topErrors(db, WS, { hours: 168, mode: "production" })],
      ["dashboard: recent failures", () => recentFailures(db, WS, { hours: 168, mode: "production" })],
      ["dashboard: per-workflow stats and percentiles, 7 days", () => workflowStats(db, WS, { hours: 168, mode: "production" })],
      ["dashboard: per-workflow stats, 24 h", () => workflowStats(db, WS, { hours: 24, mode: "production" })],
    ];
    const results: Array<{ query: string; p50: number; p99: number }> = [];
    for (const [name, fn] of cases) {
      const r = await time(repeat, fn);
      results.push({ query: name, ...r });
      console.log(`${name}: p50 ${r.p50} ms, p99 ${r.p99} ms`);
    }
    writeResults("runs", { date: new Date().toISOString(), machine: machineLine(), executions, stepsPerExecution: steps, repeat, seedSeconds, results });
    const rows = results.map((r) => `| ${r.query} | ${r.p50} | ${r.p99} |`).join("\n");
    writeSection(
      "runs",
      `## Run history and dashboard queries (bench/runs)\n\n${executions.toLocaleString()} executions and ${(executions * steps).toLocaleString()} step rows on PostgreSQL (one workspace holds 90% of them), ${repeat} repetitions after one warm-up, ${machineLine()}. ${seedSeconds === null ? "Seeded beforehand." : `Seeding took ${seedSeconds} s.`}\n\n| query | p50 ms | p99 ms |\n|---|---:|---:|\n${rows}\n`,
    );
  } finally {
    await handle.close();
    if (process.env.BENCH_KEEP || reuse) console.log(`kept ${scratch.url}`);
    else await scratch.drop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
