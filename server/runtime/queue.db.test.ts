// Queue guarantees: fencing, reclaim after lease expiry, poison steps, single completion.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { testDriver } from "@/db/testing/test-db";
import { startTestRun } from "@/server/services/runs";
import { createHarness, graphOf, type Harness } from "./testing/harness";
import { effectJournal } from "./testing/test-nodes";
import { claimSteps, reclaimExpired } from "./queue";
import { commitStep } from "./commit";
import { runtimeOptions } from "./options";
import { progressBus } from "./progress";
import type { RuntimeContext } from "./context";

let t: Harness;
beforeAll(async () => {
  t = await createHarness();
});
afterAll(async () => t?.close());

const rtFor = (owner: string): RuntimeContext => ({ db: t.db, registry: t.registry, options: runtimeOptions({ leaseMs: 1000 }), bus: progressBus(t.db), owner });
const expireLeases = () => t.db.execute(sql`update step_runs set lease_expires_at = now() - interval '1 second' where status = 'running'`);
const tenStep = () =>
  graphOf(
    [["t", "trigger.manual"], ...Array.from({ length: 9 }, (_, i) => [`s${i}`, "test.effect", { value: `{{ vars.executionId }}-${i}` }] as [string, string, Record<string, unknown>])],
    [["t", "s0"], ...Array.from({ length: 8 }, (_, i) => [`s${i}`, `s${i + 1}`] as [string, string])],
    { concurrency: 1000 },
  );

describe(`queue on ${testDriver}`, () => {
  it("refuses a late write from a worker whose lease was taken over (fencing), and finishes once", async () => {
    const workflowId = await t.createWorkflow(graphOf([["t", "trigger.manual"]], []));
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    const [a] = await claimSteps(t.db, "worker-A", 1, 1000);
    expect(a?.executionId).toBe(executionId);
    await expireLeases();
    expect(await reclaimExpired(t.db)).toBe(1);
    const [b] = await claimSteps(t.db, "worker-B", 1, 1000);
    expect(b!.id).toBe(a!.id);
    expect(b!.leaseVersion).toBe(a!.leaseVersion + 1);
    expect(b!.workerLosses).toBe(1);
    const late = await commitStep(rtFor("worker-A"), a!, { kind: "failed", error: { message: "late" }, logs: [] });
    expect(late.accepted).toBe(false);
    const ok = await commitStep(rtFor("worker-B"), b!, { kind: "succeeded", output: 1, logs: [] });
    expect(ok.accepted).toBe(true);
    const e = await t.waitFor(executionId);
    expect(e.status).toBe("succeeded");
    expect(e.steps).toHaveLength(1);
    expect(e.steps[0]!.logs).toEqual([expect.objectContaining({ data: expect.objectContaining({ reason: "worker_lost" }) })]);
    // A finished execution is never rewritten.
    const again = await commitStep(rtFor("worker-B"), b!, { kind: "failed", error: { message: "x" }, logs: [] });
    expect(again.accepted).toBe(false);
    expect((await t.waitFor(executionId)).status).toBe("succeeded");
  });

  it("a unique constraint makes a second completion of a step impossible", async () => {
    const workflowId = await t.createWorkflow(graphOf([["t", "trigger.manual"]], []));
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    await t.db.execute(sql`update step_runs set status = 'succeeded' where execution_id = ${executionId}`);
    const err = await t.db
      .execute(sql`insert into step_runs (execution_id, workspace_id, node_id, scope, attempt, status) values (${executionId}, ${t.workspaceId}, 't', '', 2, 'succeeded')`)
      .catch((e: unknown) => e);
    expect(isUniqueViolation(err, "step_runs_succeeded_uq")).toBe(true);
  });

  it("a step whose worker died 3 times is failed as unrecoverable and its error path runs", async () => {
    const g = graphOf([["t", "trigger.manual"], ["p", "test.effect"], ["h", "data.set", { fields: [{ name: "code", value: "{{ vars.input.code }}" }] }]], [["t", "p"], ["p", "h", "error"]]);
    const workflowId = await t.createWorkflow(g);
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    const [trig] = await claimSteps(t.db, "w", 1, 1000);
    await commitStep(rtFor("w"), trig!, { kind: "succeeded", output: {}, logs: [] }, [], 0);
    for (let i = 0; i < 3; i++) {
      const [p] = await claimSteps(t.db, `dying-${i}`, 1, 1000);
      expect(p?.nodeId).toBe("p");
      await expireLeases();
      await reclaimExpired(t.db);
    }
    const [w] = t.startWorkers(1);
    const e = await t.waitFor(executionId);
    await w!.stop();
    expect(e.status).toBe("succeeded");
    expect(e.steps.find((s) => s.nodeId === "p")).toMatchObject({ status: "failed", workerLosses: 3, error: { code: "WORKER_LOST" } });
    expect(e.result).toEqual({ code: "WORKER_LOST" });
  });

  it("single process: many executions, with a dead worker's leases reclaimed; no completed step runs twice", async () => {
    effectJournal.length = 0;
    const workflowId = await t.createWorkflow(tenStep());
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry })).executionId);
    // A worker that claims steps and dies (never heartbeats, never commits).
    const dead = await claimSteps(t.db, "dead-worker", 10, 300);
    expect(dead.length).toBe(10);
    const workers = t.startWorkers(2, { leaseMs: 600, heartbeatMs: 150 });
    for (const id of ids) expect((await t.waitFor(id, { timeoutMs: 60_000 })).status).toBe("succeeded");
    await Promise.all(workers.map((w) => w.stop()));
    const [dup] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from (select execution_id, node_id, scope from step_runs where status = 'succeeded' and execution_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)}) group by 1, 2, 3 having count(*) > 1) d`,
    );
    expect(dup!.n).toBe(0);
    const [lost] = await queryRows<{ n: number }>(t.db, sql`select coalesce(sum(worker_losses), 0)::int as n from step_runs where execution_id in (${sql.join(ids.map((i) => sql`${i}::uuid`), sql`, `)})`);
    expect(lost!.n).toBe(10);
    // Each side effect happened exactly once: the dead worker never ran its steps, nothing re-ran.
    const keys = effectJournal.map((j) => j.key);
    expect(keys.length).toBe(40 * 9);
    expect(new Set(keys).size).toBe(keys.length);
  }, 90_000);

  it("a heartbeat keeps a long step's lease: it is not reclaimed or re-run", async () => {
    effectJournal.length = 0;
    const workflowId = await t.createWorkflow(graphOf([["t", "trigger.manual"], ["slow", "test.effect", { sleepMs: 1500 }]], [["t", "slow"]]));
    const [w] = t.startWorkers(1, { leaseMs: 500, heartbeatMs: 100, sweepMs: 50 });
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    const e = await t.waitFor(executionId);
    await w!.stop();
    expect(e.status).toBe("succeeded");
    expect(e.steps.find((s) => s.nodeId === "slow")?.workerLosses).toBe(0);
    expect(effectJournal).toHaveLength(1);
  });
});
