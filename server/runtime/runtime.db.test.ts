// The table of graphs, run for real on a database by in-process workers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, graphOf, type Harness } from "./testing/harness";
import { cancelExecution, getExecution, listExecutions, startProductionRun, startTestRun } from "@/server/services/runs";
import { NotFoundError, ConflictError, ValidationError } from "@/server/services/errors";
import { testDriver } from "@/db/testing/test-db";

let t: Harness;
let worker: ReturnType<Harness["startWorkers"]>[number];
beforeAll(async () => {
  t = await createHarness();
  worker = t.startWorkers(1)[0]!;
});
afterAll(async () => t?.close());

const run = async (graph: ReturnType<typeof graphOf>, payload?: unknown, opts: { publish?: boolean } = {}) => {
  const workflowId = await t.createWorkflow(graph, opts);
  const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId, payload }, { registry: t.registry });
  return { workflowId, executionId, done: () => t.waitFor(executionId) };
};
const seq = (e: Awaited<ReturnType<Harness["waitFor"]>>) => e.steps.filter((s) => s.status !== "skipped").map((s) => `${s.nodeId}${s.scope ? `@${s.scope}` : ""}:${s.status}`);

describe(`runtime on ${testDriver}: graphs`, () => {
  it("linear chain with templates", async () => {
    const g = graphOf(
      [["t", "trigger.manual"], ["a", "data.set", { fields: [{ name: "greeting", value: "Hello {{ trigger.name }}" }] }], ["b", "data.set", { fields: [{ name: "out", value: "{{ steps.a.greeting & '!' }}" }] }]],
      [["t", "a"], ["a", "b"]],
    );
    const e = await (await run(g, { name: "Ada" })).done();
    expect(e.status, JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.scope, s.status, s.error])])).toBe("succeeded");
    expect(e.mode).toBe("test");
    expect(e.result).toEqual({ out: "Hello Ada!" });
    expect(seq(e)).toEqual(["t:succeeded", "a:succeeded", "b:succeeded"]);
  });

  it("a trigger payload containing {{ … }} arrives as text", async () => {
    const g = graphOf([["t", "trigger.manual"], ["a", "data.set", { fields: [{ name: "v", value: "got {{ trigger.text }}" }] }]], [["t", "a"]]);
    const e = await (await run(g, { text: "{{ vars.executionId }}" })).done();
    expect(e.result).toEqual({ v: "got {{ vars.executionId }}" });
  });

  it("if branches and a merge after it (dead-path elimination)", async () => {
    const g = graphOf(
      [
        ["t", "trigger.manual"],
        ["if", "logic.if", { groups: [{ conditions: [{ field: "trigger.amount", operator: "gt", value: "100" }] }] }],
        ["big", "data.set", { fields: [{ name: "kind", value: "big" }] }],
        ["small", "data.set", { fields: [{ name: "kind", value: "small" }] }],
        ["m", "logic.merge"],
      ],
      [["t", "if"], ["if", "big", "true"], ["if", "small", "false"], ["big", "m"], ["small", "m"]],
    );
    const e = await (await run(g, { amount: 500 })).done();
    expect(e.status, JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.scope, s.status, s.error])])).toBe("succeeded");
    expect(e.result).toEqual([{ kind: "big" }]);
    expect(e.steps.find((s) => s.nodeId === "small")?.status).toBe("skipped");
  });

  it("nested loops collect results", async () => {
    const g = graphOf(
      [
        ["t", "trigger.manual"],
        ["outer", "logic.loop", { items: "{{ trigger.rows }}" }],
        ["inner", "logic.loop", { items: "{{ item.cells }}", concurrency: 2 }],
        ["cell", "data.set", { mode: "json", json: "{{ item * 10 }}" }],
        ["row", "data.set", { mode: "json", json: "{{ $sum(vars.input) }}" }],
      ],
      [["t", "outer"], ["outer", "inner", "item"], ["inner", "cell", "item"], ["cell", "inner"], ["inner", "row", "done"], ["row", "outer"]],
    );
    const e = await (await run(g, { rows: [{ cells: [1, 2] }, { cells: [3] }] })).done();
    expect(e.status, JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.scope, s.status, s.error])])).toBe("succeeded");
    expect(e.result).toEqual([30, 30]);
    expect(e.steps.filter((s) => s.nodeId === "cell").map((s) => s.scope).sort()).toEqual(["outer:0/inner:0", "outer:0/inner:1", "outer:1/inner:0"]);
  });

  it("retries that succeed on attempt 3", async () => {
    const g = graphOf([["t", "trigger.manual"], ["f", "test.flaky", { failTimes: 2 }]], [["t", "f"]]);
    const e = await (await run(g)).done();
    expect(e.status, JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.scope, s.status, s.error])])).toBe("succeeded");
    expect(e.steps.filter((s) => s.nodeId === "f").map((s) => [s.attempt, s.status])).toEqual([[1, "failed"], [2, "failed"], [3, "succeeded"]]);
  });

  it("an error caught by the error handle continues the run", async () => {
    const g = graphOf(
      [["t", "trigger.manual"], ["f", "test.flaky", { failTimes: 5, nonRetryable: true }], ["ok", "data.set"], ["h", "data.set", { fields: [{ name: "caught", value: "{{ steps.f }}" }] }], ["h2", "data.set", { mode: "json", json: "{{ $count(steps.f) }}" }]],
      [["t", "f"], ["f", "ok"], ["f", "h", "error"], ["h", "h2"]],
    );
    const e = await (await run(g)).done();
    expect(e.status, JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.scope, s.status, s.error])])).toBe("succeeded");
    expect(e.steps.find((s) => s.nodeId === "h")?.input).toMatchObject({ from: [{ handle: "error", value: { code: "TEST_FAIL", nodeId: "f" } }] });
    expect(e.steps.find((s) => s.nodeId === "ok")?.status).toBe("skipped");
  });

  it("an unhandled error fails the execution and starts the error workflow, marked test", async () => {
    const g = graphOf(
      [["t", "trigger.manual"], ["stop", "logic.stop", { message: "bad {{ trigger.x }}", code: "BAD" }], ["et", "trigger.error"], ["log", "data.log", { message: "failed: {{ trigger.error.message }}" }]],
      [["t", "stop"], ["et", "log"]],
    );
    const r = await run(g, { x: 1 });
    const e = await r.done();
    expect(e.status).toBe("failed");
    expect(e.error).toMatchObject({ message: "bad 1", code: "BAD" });
    expect(e.failedNodeId).toBe("stop");
    const list = await listExecutions(t.db, t.workspaceId, { workflowId: r.workflowId });
    const handler = list.find((x) => x.errorOfExecutionId === e.id);
    expect(handler?.mode).toBe("test");
    const he = await t.waitFor(handler!.id);
    expect(he.status).toBe("succeeded");
    expect(he.triggerData).toMatchObject({ execution: { id: e.id, mode: "test" }, failedNode: { id: "stop", type: "logic.stop" }, error: { message: "bad 1" } });
    expect(he.steps.find((s) => s.nodeId === "log")?.logs).toEqual([{ level: "info", message: "failed: bad 1" }]);
  });

  it("a delay parks the step (execution waiting) and resumes", async () => {
    const g = graphOf([["t", "trigger.manual"], ["d", "logic.delay", { amount: 0.6, unit: "seconds" }], ["a", "data.set", { fields: [{ name: "done", value: "yes" }] }]], [["t", "d"], ["d", "a"]]);
    const r = await run(g);
    const waiting = await t.waitFor(r.executionId, { until: (s) => s === "waiting" });
    expect(waiting.steps.find((s) => s.nodeId === "d")?.status).toBe("waiting");
    const e = await r.done();
    expect(e.status, JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.scope, s.status, s.error])])).toBe("succeeded");
    expect(e.result).toEqual({ done: "yes" });
  });

  it("calls a published sub-workflow and uses its result", async () => {
    const child = await t.createWorkflow(graphOf([["t", "trigger.manual"], ["x", "data.set", { fields: [{ name: "doubled", value: "{{ trigger.n * 2 }}" }] }]], [["t", "x"]]), { publish: true });
    const g = graphOf([["t", "trigger.manual"], ["call", "logic.callWorkflow", { workflowId: child, input: "{{ trigger }}" }]], [["t", "call"]]);
    const e = await (await run(g, { n: 21 })).done();
    expect(e.status, JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.scope, s.status, s.error])])).toBe("succeeded");
    expect(e.result).toEqual({ doubled: 42 });
  });

  it("limits sub-workflow depth", async () => {
    // A workflow that calls itself: fails at depth 10 and the failure travels back up.
    const self = await t.createWorkflow(graphOf([["t", "trigger.manual"]], []), { publish: true });
    const g = graphOf([["t", "trigger.manual"], ["call", "logic.callWorkflow", { workflowId: self }]], [["t", "call"]]);
    const { workflowVersions, workflows } = await import("@/db/schema");
    const { eq } = await import("drizzle-orm");
    await t.db.update(workflowVersions).set({ graph: g as Record<string, unknown> }).where(eq(workflowVersions.workflowId, self));
    await t.db.update(workflows).set({ draftGraph: g as Record<string, unknown> }).where(eq(workflows.id, self));
    const { executionId } = await startProductionRun(t.db, t.workspaceId, { workflowId: self }, { registry: t.registry });
    const e = await t.waitFor(executionId, { timeoutMs: 30_000 });
    expect(e.status).toBe("failed");
    expect(JSON.stringify(e.error)).toContain("CHILD_FAILED");
    const all = await listExecutions(t.db, t.workspaceId, { workflowId: self, limit: 200 });
    expect(Math.max(...all.map((x) => x.depth))).toBe(10);
  }, 40_000);

  it("cancel stops a waiting execution", async () => {
    const g = graphOf([["t", "trigger.manual"], ["d", "logic.delay", { amount: 1, unit: "hours" }], ["a", "data.set"]], [["t", "d"], ["d", "a"]]);
    const r = await run(g);
    await t.waitFor(r.executionId, { until: (s) => s === "waiting" });
    await cancelExecution(t.db, t.workspaceId, r.executionId, { registry: t.registry });
    const e = await getExecution(t.db, t.workspaceId, r.executionId);
    expect(e.status).toBe("canceled");
    expect(e.steps.find((s) => s.nodeId === "d")?.status).toBe("canceled");
    await expect(cancelExecution(t.db, t.workspaceId, r.executionId, { registry: t.registry })).rejects.toBeInstanceOf(ConflictError);
  });

  it("an expression that loops fails its step with a clear error and the worker goes on", async () => {
    const g = graphOf([["t", "trigger.manual"], ["a", "data.set", { mode: "json", json: "{{ ($f := function($n){ $f($n + 1) }; $f(0)) }}" }]], [["t", "a"]]);
    const e = await (await run(g)).done();
    expect(e.status).toBe("failed");
    expect(e.error).toMatchObject({ code: "EXPRESSION_TIMEOUT", field: "json" });
    const ok = await (await run(graphOf([["t", "trigger.manual"], ["a", "data.set"]], [["t", "a"]]))).done();
    expect(ok.status).toBe("succeeded");
  });

  it("execution timeout fails a run that takes too long", async () => {
    const g = graphOf([["t", "trigger.manual"], ["d", "logic.delay", { amount: 1, unit: "hours" }]], [["t", "d"]], { timeoutMs: 300 });
    const e = await (await run(g)).done();
    expect(e.status).toBe("failed");
    expect(e.error).toMatchObject({ code: "TIMEOUT" });
  });

  it("per-workflow concurrency limit queues the rest and starts them later", async () => {
    const g = graphOf([["t", "trigger.manual"], ["d", "logic.delay", { amount: 0.3, unit: "seconds" }]], [["t", "d"]], { concurrency: 1 });
    const workflowId = await t.createWorkflow(g);
    const a = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    const b = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    expect(a.status).toBe("running");
    expect(b.status).toBe("queued");
    expect((await t.waitFor(b.executionId)).status).toBe("succeeded");
    const ea = await getExecution(t.db, t.workspaceId, a.executionId);
    const eb = await getExecution(t.db, t.workspaceId, b.executionId);
    expect(eb.startedAt!.getTime()).toBeGreaterThanOrEqual(ea.finishedAt!.getTime());
  });

  it("scopes everything by workspace and refuses invalid graphs with the validator's messages", async () => {
    const r = await run(graphOf([["t", "trigger.manual"]], []));
    await r.done();
    const other = "00000000-0000-4000-8000-000000000000";
    await expect(getExecution(t.db, other, r.executionId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelExecution(t.db, other, r.executionId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(startTestRun(t.db, other, { workflowId: r.workflowId })).rejects.toBeInstanceOf(NotFoundError);
    const bad = await t.createWorkflow(graphOf([["t", "trigger.manual"], ["x", "nope"]], [["t", "x"]]));
    const err = await startTestRun(t.db, t.workspaceId, { workflowId: bad }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]).toMatchObject({ nodeId: "x", message: expect.stringMatching(/unknown type "nope"/) });
    await expect(startProductionRun(t.db, t.workspaceId, { workflowId: bad })).rejects.toBeInstanceOf(ConflictError);
  });

  it("runs the workflow named as error handler (its draft for test runs)", async () => {
    const handler = await t.createWorkflow(graphOf([["et", "trigger.error"], ["note", "data.set", { fields: [{ name: "failed", value: "{{ trigger.failedNode.name }}" }] }]], [["et", "note"]]), { name: "handler" });
    const g = graphOf([["t", "trigger.manual"], ["f", "test.flaky", { failTimes: 9, nonRetryable: true }]], [["t", "f"]], { errorWorkflowId: handler });
    const r = await run(g);
    expect((await r.done()).status).toBe("failed");
    const [h] = await listExecutions(t.db, t.workspaceId, { workflowId: handler });
    const he = await t.waitFor(h!.id);
    expect(he).toMatchObject({ status: "succeeded", mode: "test", errorOfExecutionId: r.executionId, result: { failed: "f" } });
  });

  it("publishes live progress for an execution (step and execution events)", async () => {
    const { subscribeToProgress } = await import("@/server/services/runs");
    const workflowId = await t.createWorkflow(graphOf([["t", "trigger.manual"], ["a", "test.effect"]], [["t", "a"]]));
    const seen: string[] = [];
    let target = "";
    const early: Array<{ executionId: string; s: string }> = [];
    const off = subscribeToProgress(t.db, t.workspaceId, (e) => {
      const s = e.type === "step" ? `step:${e.nodeId}:${e.status}` : `execution:${e.status}`;
      if (target && e.executionId === target) seen.push(s);
      else early.push({ executionId: e.executionId, s });
    });
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    target = executionId;
    seen.unshift(...early.filter((x) => x.executionId === executionId).map((x) => x.s));
    await t.waitFor(executionId);
    await new Promise((r) => setTimeout(r, 300));
    off();
    expect(seen).toContain("execution:running");
    expect(seen).toContain("step:a:succeeded");
    expect(seen[seen.length - 1]).toBe("execution:succeeded");
    // Other workspaces hear nothing.
    const other: unknown[] = [];
    const off2 = subscribeToProgress(t.db, "00000000-0000-4000-8000-000000000000", (e) => other.push(e));
    await (await run(graphOf([["t", "trigger.manual"]], []))).done();
    off2();
    expect(other).toEqual([]);
  });

  it("a node that runs past its timeout fails with TIMEOUT (its error handle catches it)", async () => {
    const g = graphOf(
      [["t", "trigger.manual"], ["slow", "test.effect", { sleepMs: 3000 }, { timeoutMs: 200 }], ["h", "data.set", { mode: "json", json: "{{ vars.input.code }}" }]],
      [["t", "slow"], ["slow", "h", "error"]],
    );
    const e = await (await run(g)).done();
    expect(e.status).toBe("succeeded");
    expect(e.result).toBe("TIMEOUT");
  });

  it("chains pure steps in memory and commits them together; side-effecting steps commit alone", async () => {
    const before = { ...worker.stats };
    const g = graphOf(
      [["t", "trigger.manual"], ["a", "data.set", { fields: [{ name: "n", value: "{{ trigger.n + 1 }}" }] }], ["b", "data.set", { fields: [{ name: "n", value: "{{ steps.a.n + 1 }}" }] }], ["fx", "test.effect"], ["c", "data.set", { fields: [{ name: "n", value: "{{ steps.b.n + 1 }}" }] }]],
      [["t", "a"], ["a", "b"], ["b", "fx"], ["fx", "c"]],
    );
    const e = await (await run(g, { n: 0 })).done();
    expect(e.result).toEqual({ n: 3 });
    // t → a → b ran as one chain (2 chained), fx committed alone, then c.
    expect(worker.stats.chained - before.chained).toBe(2);
    expect(worker.stats.committed - before.committed).toBe(3);
    expect(e.steps.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded", "succeeded", "succeeded"]);
  });
});
