// Real worker processes against Postgres: throughput with 4 workers, a worker killed with
// SIGKILL mid-run, and a worker frozen with SIGSTOP past its lease. Postgres only (PGlite is
// single-process; its single-process variant is in queue.db.test.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { testDriver } from "@/db/testing/test-db";
import { defineExecutor } from "@/server/nodes/executor";
import { createRegistry } from "@/server/nodes/registry";
import { startTestRun } from "@/server/services/runs";
import { createHarness, graphOf, type Harness } from "./testing/harness";
import { dbEffectNode, testExecutors } from "./testing/test-nodes";
import { spawnWorker, waitForOutput, type WorkerProcess } from "./testing/processes";

const pgOnly = testDriver === "pg" ? describe : describe.skip;
const registry = createRegistry([...testExecutors, defineExecutor(dbEffectNode, async () => ({ output: null }))]);

let t: Harness;
let procs: WorkerProcess[] = [];
beforeAll(async () => {
  if (testDriver !== "pg") return;
  t = await createHarness();
  await t.db.execute(sql`create table test_effects (key text not null, attempt int not null, pid int not null, at timestamptz not null default clock_timestamp())`);
});
afterAll(async () => {
  for (const p of procs) p.child.kill("SIGKILL");
  await t?.close();
});

const tenSteps = (sleepMs = 0) =>
  graphOf(
    [["t", "trigger.manual"], ...Array.from({ length: 9 }, (_, i) => [`s${i}`, "test.dbEffect", { sleepMs }] as [string, string, Record<string, unknown>])],
    [["t", "s0"], ...Array.from({ length: 8 }, (_, i) => [`s${i}`, `s${i + 1}`] as [string, string])],
    { concurrency: 1000 },
  );

async function startMany(workflowId: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  let started = 0;
  // A few concurrent callers, like an API under load.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (started < n) {
        started++;
        ids.push((await startTestRun(t.db, t.workspaceId, { workflowId }, { registry })).executionId);
      }
    }),
  );
  return ids;
}

async function waitAllTerminal(ids: string[], timeoutMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await queryRows<{ status: string; n: number }>(
      t.db,
      sql`select status, count(*)::int as n from executions where id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) group by status`,
    );
    const counts = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const done = (counts.succeeded ?? 0) + (counts.failed ?? 0) + (counts.canceled ?? 0);
    if (done === ids.length) return counts;
    if (Date.now() > deadline) throw new Error(`not finished: ${JSON.stringify(counts)}\n${procs.map((p) => p.output().slice(-2000)).join("\n---\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startWorkers(n: number, env: Record<string, string>): Promise<WorkerProcess[]> {
  const ws = Array.from({ length: n }, (_, i) => spawnWorker(t.h.url!, { WORKER_ID: `w${i}-${Math.random().toString(36).slice(2, 8)}`, ...env }));
  procs.push(...ws);
  await Promise.all(ws.map((w) => waitForOutput(w, /worker .* started/)));
  return ws;
}

async function stopAll(): Promise<void> {
  for (const p of procs) if (p.child.exitCode === null) p.child.kill("SIGTERM");
  const codes = await Promise.all(procs.map((p) => p.exited));
  procs = [];
  expect(codes.every((c) => c === 0 || c === null)).toBe(true);
}

/** Invariants over the given executions' steps and the side-effect journal. */
async function checkNoCompletedStepRanAgain(ids: string[]) {
  const idList = sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `);
  const [dup] = await queryRows<{ n: number }>(
    t.db,
    sql`select count(*)::int as n from (select 1 from step_runs where status = 'succeeded' and execution_id in (${idList}) group by execution_id, node_id, scope having count(*) > 1) d`,
  );
  expect(dup!.n).toBe(0);
  // An effect recorded after its step's completion was committed would be a completed step run again.
  const [late] = await queryRows<{ n: number }>(
    t.db,
    sql`select count(*)::int as n from test_effects e join step_runs s
          on e.key = s.execution_id::text || ':' || s.node_id || ':' || s.scope and s.status = 'succeeded'
        where s.execution_id in (${idList}) and e.at > s.finished_at`,
  );
  expect(late!.n).toBe(0);
  // Every effect ran at least once per step; extra runs only for steps a lost worker held.
  const [extra] = await queryRows<{ extra: number; losses: number; missing: number }>(
    t.db,
    sql`with s as (select execution_id::text || ':' || node_id || ':' || scope as key, worker_losses from step_runs
                   where execution_id in (${idList}) and node_id <> 't' and status = 'succeeded'),
             c as (select s.key, s.worker_losses, (select count(*) from test_effects e where e.key = s.key)::int as runs from s)
        select coalesce(sum(greatest(runs - 1, 0)), 0)::int as extra, coalesce(sum(worker_losses), 0)::int as losses,
               count(*) filter (where runs = 0)::int as missing
        from c`,
  );
  expect(extra!.missing).toBe(0);
  expect(extra!.extra).toBeLessThanOrEqual(extra!.losses);
  return extra!;
}

pgOnly("worker processes on Postgres", () => {
  it("4 workers × 500 executions of a 10-step graph: all succeed, no step completed twice", async () => {
    const workflowId = await t.createWorkflow(tenSteps());
    await startWorkers(4, { WORKER_CONCURRENCY: "8" });
    const ids = await startMany(workflowId, 500);
    const counts = await waitAllTerminal(ids, 120_000);
    expect(counts).toEqual({ succeeded: 500 });
    const r = await checkNoCompletedStepRanAgain(ids);
    expect(r.extra).toBe(0);
    const [effects] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from test_effects`);
    expect(effects!.n).toBe(500 * 9);
    await stopAll();
  }, 180_000);

  it("a worker killed with SIGKILL mid-run: its steps are reclaimed after the lease and every execution succeeds", async () => {
    await t.db.execute(sql`truncate test_effects`);
    const workflowId = await t.createWorkflow(tenSteps(5));
    const ws = await startWorkers(4, { WORKER_CONCURRENCY: "8", WORKER_LEASE_MS: "2000" });
    const starting = startMany(workflowId, 500);
    // Kill one worker in the middle of the run, at a moment when it holds leases.
    const victim = ws[1]!;
    const victimId = /worker (\S+) started/.exec(victim.output())![1]!;
    const until = Date.now() + 60_000;
    for (;;) {
      if (Date.now() > until) throw new Error("the run never reached the kill point");
      const [p] = await queryRows<{ held: number; done: number }>(
        t.db,
        sql`select count(*) filter (where s.status = 'running' and s.lease_owner = ${victimId})::int as held,
                   count(*) filter (where s.status = 'succeeded')::int as done
            from step_runs s join executions e on e.id = s.execution_id where e.workflow_id = ${workflowId}`,
      );
      if (p!.done >= 1500 && p!.held > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    victim.child.kill("SIGKILL");
    await victim.exited;
    const ids = await starting;
    const counts = await waitAllTerminal(ids, 120_000);
    expect(counts).toEqual({ succeeded: 500 });
    const r = await checkNoCompletedStepRanAgain(ids);
    // The killed worker held at most its concurrency (8) steps; those were counted as losses.
    expect(r.losses).toBeGreaterThan(0);
    expect(r.losses).toBeLessThanOrEqual(8);
    const [running] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from executions where status in ('running', 'waiting', 'queued')`);
    expect(running!.n).toBe(0);
    await stopAll();
  }, 180_000);

  it("a worker frozen (SIGSTOP) past its lease: another worker takes the step; the late write is refused", async () => {
    await t.db.execute(sql`truncate test_effects`);
    const workflowId = await t.createWorkflow(graphOf([["t", "trigger.manual"], ["slow", "test.dbEffect", { sleepMs: 2500 }]], [["t", "slow"]]));
    const [a] = await startWorkers(1, { WORKER_LEASE_MS: "1000", WORKER_ID: "worker-A" });
    const [executionId] = await startMany(workflowId, 1);
    // Wait until A is running the slow step, then freeze it past its lease.
    const until = Date.now() + 20_000;
    for (;;) {
      if (Date.now() > until) throw new Error(`worker-A never ran the step: ${a!.output()}`);
      const [s] = await queryRows<{ lease_owner: string | null }>(t.db, sql`select lease_owner from step_runs where execution_id = ${executionId} and node_id = 'slow' and status = 'running'`);
      if (s?.lease_owner === "worker-A") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    a!.child.kill("SIGSTOP");
    const [b] = await startWorkers(1, { WORKER_LEASE_MS: "1000", WORKER_ID: "worker-B" });
    const done = await waitAllTerminal([executionId!], 30_000);
    expect(done).toEqual({ succeeded: 1 });
    a!.child.kill("SIGCONT");
    // A wakes up, finishes its sleep, records its effect and tries to commit: refused.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const [n] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from test_effects where pid = ${a!.pid}`);
      if (n!.n > 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 500));
    const [exec] = await queryRows<{ status: string }>(t.db, sql`select status from executions where id = ${executionId}`);
    expect(exec!.status).toBe("succeeded");
    const steps = await queryRows<{ status: string; output: { pid: number } | null; worker_losses: number }>(
      t.db,
      sql`select status, output, worker_losses from step_runs where execution_id = ${executionId} and node_id = 'slow'`,
    );
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ status: "succeeded", output: { pid: b!.pid }, worker_losses: 1 });
    const effects = await queryRows<{ pid: number }>(t.db, sql`select pid from test_effects order by at`);
    expect(effects.map((e) => e.pid)).toEqual([b!.pid, a!.pid]);
    await stopAll();
  }, 90_000);

  it("SIGTERM: the worker stops claiming, finishes its running step, then exits 0", async () => {
    await t.db.execute(sql`truncate test_effects`);
    const workflowId = await t.createWorkflow(graphOf([["t", "trigger.manual"], ["slow", "test.dbEffect", { sleepMs: 1500 }], ["after", "test.dbEffect"]], [["t", "slow"], ["slow", "after"]]));
    const [w] = await startWorkers(1, { WORKER_ID: "worker-T" });
    const [executionId] = await startMany(workflowId, 1);
    for (;;) {
      const [s] = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from step_runs where execution_id = ${executionId} and node_id = 'slow' and status = 'running'`);
      if (s!.n === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    w!.child.kill("SIGTERM");
    expect(await w!.exited).toBe(0);
    procs = [];
    const steps = await queryRows<{ node_id: string; status: string; worker_losses: number }>(t.db, sql`select node_id, status, worker_losses from step_runs where execution_id = ${executionId} order by id`);
    expect(steps.find((s) => s.node_id === "slow")).toMatchObject({ status: "succeeded", worker_losses: 0 });
    // The successor was released (or never claimed), not lost: another worker finishes the run.
    const [w2] = await startWorkers(1, {});
    expect(await waitAllTerminal([executionId!], 30_000)).toEqual({ succeeded: 1 });
    const after = await queryRows<{ worker_losses: number }>(t.db, sql`select worker_losses from step_runs where execution_id = ${executionId} and node_id = 'after'`);
    expect(after[0]!.worker_losses).toBe(0);
    void w2;
    await stopAll();
  }, 60_000);
});
