// One benchmark scenario: a fresh database, N executions of one graph, W workers, timings from
// the database clock.
import { sql } from "drizzle-orm";
import { createDb, queryRows, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { workflows, workspaces } from "@/db/schema";
import type { WorkflowGraphInput } from "@/server/engine/graph";
import { defineExecutor } from "@/server/nodes/executor";
import { createRegistry } from "@/server/nodes/registry";
import { startTestRun } from "@/server/services/runs";
import { startWorker, type WorkerHandle } from "@/server/runtime/worker";
import { progressBus } from "@/server/runtime/progress";
import { dbEffectNode, testExecutors } from "@/server/runtime/testing/test-nodes";
import { spawnWorker, waitForOutput, type WorkerProcess } from "@/server/runtime/testing/processes";

export const registry = createRegistry([...testExecutors, defineExecutor(dbEffectNode, async (ctx) => ({ output: { n: (ctx.input as { n?: number } | null)?.n ?? 0 } }))]);

export interface ScenarioResult {
  driver: "pg" | "pglite";
  workers: number;
  graph: string;
  phase: "live" | "backlog";
  executions: number;
  steps: number;
  seconds: number;
  stepsPerSecond: number;
  executionsPerSecond: number;
  latencyMs: { p50: number; p99: number };
  startSeconds: number;
}

export async function runScenario(opts: {
  driver: "pg" | "pglite";
  workers: number;
  graphName: string;
  graph: WorkflowGraphInput;
  executions: number;
  concurrency?: number;
  /** "backlog": create every execution first, then start the workers (pure worker throughput). */
  phase?: "live" | "backlog";
  /** Postgres with workers inside this process (profiling). */
  inProcess?: boolean;
}): Promise<ScenarioResult> {
  let handle: DbHandle;
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;
  if (opts.driver === "pg") {
    const scratch = await createScratchDatabase();
    url = scratch.url;
    drop = scratch.drop;
    handle = await createDb({ url, poolSize: 10 });
  } else {
    handle = await createDb({});
  }
  await migrateDb(handle);
  const [ws] = await handle.db.insert(workspaces).values({ name: "bench" }).returning();
  const [wf] = await handle.db.insert(workflows).values({ workspaceId: ws!.id, name: opts.graphName, draftGraph: opts.graph as Record<string, unknown> }).returning();
  const procs: WorkerProcess[] = [];
  const inproc: WorkerHandle[] = [];
  const concurrency = opts.concurrency ?? 32;
  const startWorkers = async () => {
    if (opts.driver === "pg" && !opts.inProcess) {
      for (let i = 0; i < opts.workers; i++) procs.push(spawnWorker(url!, { WORKER_CONCURRENCY: String(concurrency), TEST_EFFECTS: "0" }));
      await Promise.all(procs.map((p) => waitForOutput(p, /worker .* started/)));
    } else {
      for (let i = 0; i < opts.workers; i++) inproc.push(startWorker({ db: handle.db, registry, options: { concurrency } }));
    }
  };
  if (opts.phase !== "backlog") await startWorkers();
  const t0 = performance.now();
  const ids: string[] = [];
  // Start executions from a few concurrent callers, like an API under load.
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < opts.executions) {
        next++;
        ids.push((await startTestRun(handle.db, ws!.id, { workflowId: wf!.id }, { registry })).executionId);
      }
    }),
  );
  const startSeconds = (performance.now() - t0) / 1000;
  let workerStart = 0;
  if (opts.phase === "backlog") {
    await startWorkers();
    const [now] = await queryRows<{ t: number }>(handle.db, sql`select extract(epoch from now())::float8 as t`);
    workerStart = now!.t;
  }
  for (;;) {
    const [r] = await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from executions where status in ('queued', 'running', 'waiting')`);
    if (r!.n === 0) break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const [agg] = await queryRows<{ secs: number; steps: number; failed: number }>(
    handle.db,
    sql`select extract(epoch from max(finished_at))::float8 - greatest(extract(epoch from min(created_at))::float8, ${workerStart}::float8) as secs,
               (select count(*)::int from step_runs where status = 'succeeded') as steps,
               count(*) filter (where status <> 'succeeded')::int as failed
        from executions`,
  );
  const lat = await queryRows<{ ms: number }>(handle.db, sql`select (extract(epoch from (finished_at - created_at)) * 1000)::float8 as ms from executions order by 1`);
  if (agg!.failed > 0) throw new Error(`${agg!.failed} executions did not succeed`);
  if (process.env.BENCH_VERBOSE) for (const p of procs) console.error(p.output().slice(-3000));
  for (const p of procs) p.child.kill("SIGTERM");
  await Promise.all(procs.map((p) => p.exited));
  await Promise.all(inproc.map((w) => w.stop()));
  await progressBus(handle.db).close();
  await handle.close();
  await drop?.();
  const pct = (q: number) => Math.round(lat[Math.min(lat.length - 1, Math.floor(q * lat.length))]!.ms);
  return {
    driver: opts.driver,
    workers: opts.workers,
    graph: opts.graphName,
    phase: opts.phase ?? "live",
    executions: opts.executions,
    steps: agg!.steps,
    seconds: Number(agg!.secs.toFixed(3)),
    stepsPerSecond: Math.round(agg!.steps / agg!.secs),
    executionsPerSecond: Math.round(opts.executions / agg!.secs),
    latencyMs: { p50: pct(0.5), p99: pct(0.99) },
    startSeconds: Number(startSeconds.toFixed(3)),
  };
}
