// Retry from the failed step and replay, on real executions run by an in-process worker.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { workflows, auditLog } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { getExecution, startTestRun } from "./runs";
import { replayExecution, retryFromFailedStep, retryLinks } from "./retry";
import { effectJournal } from "@/server/runtime/testing/test-nodes";
import { ConflictError } from "./errors";

let t: Harness;
beforeAll(async () => {
  t = await createHarness();
  t.startWorkers(1);
});
afterAll(async () => t?.close());

const actor = { id: null, label: "Tester" };
const failing = (failTimes: number) =>
  graphOf(
    [["t", "trigger.manual"], ["a", "test.effect", { value: "first" }], ["b", "data.set", { fields: [{ name: "x", value: "{{ steps.a.value }}" }] }], ["c", "test.flaky", { failTimes, nonRetryable: true }], ["d", "data.set", { fields: [{ name: "done", value: "yes" }] }]],
    [["t", "a"], ["a", "b"], ["b", "c"], ["c", "d"]],
  );

describe(`retry from the failed step on ${testDriver}`, () => {
  it("a new run continues from the failed node; the failed run and earlier step records are unchanged", async () => {
    const workflowId = await t.createWorkflow(failing(99));
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    const failed = await t.waitFor(executionId);
    expect(failed.status).toBe("failed");
    expect(failed.failedNodeId).toBe("c");
    const before = failed.steps.filter((s) => ["t", "a", "b"].includes(s.nodeId));
    expect(before.map((s) => s.status)).toEqual(["succeeded", "succeeded", "succeeded"]);
    const journalBefore = effectJournal.length;

    // Fix the node's config in the draft, then retry: the new run continues from "c".
    await t.db.update(workflows).set({ draftGraph: failing(0) as Record<string, unknown> }).where(eq(workflows.id, workflowId));
    const r = await retryFromFailedStep(t.db, t.workspaceId, actor, { executionId }, { registry: t.registry });
    expect(r.steps.map((s) => s.nodeId)).toEqual(["c"]);
    expect(r.keptSteps).toBe(3);
    const done = await t.waitFor(r.executionId);
    expect(done.status, JSON.stringify(done.steps.map((s) => [s.nodeId, s.attempt, s.status, s.error]))).toBe("succeeded");
    expect(done.result).toEqual({ done: "yes" });
    // The side effect before the failure did not run again.
    expect(effectJournal.length).toBe(journalBefore);
    // Kept steps: same outputs, attempts and times; one attempt of "c" and of "d" each.
    const strip = (s: (typeof before)[number]) => ({ ...s, id: 0 });
    expect(done.steps.filter((s) => ["t", "a", "b"].includes(s.nodeId)).map(strip)).toEqual(before.map(strip));
    expect(done.steps.filter((s) => s.status !== "skipped").map((s) => [s.nodeId, s.status])).toEqual([
      ["t", "succeeded"],
      ["a", "succeeded"],
      ["b", "succeeded"],
      ["c", "succeeded"],
      ["d", "succeeded"],
    ]);
    // The failed run itself is exactly as it was.
    expect(await getExecution(t.db, t.workspaceId, executionId)).toEqual(failed);
    expect((await retryLinks(t.db, t.workspaceId, executionId)).retriedAs?.executionId).toBe(r.executionId);
    await expect(retryFromFailedStep(t.db, t.workspaceId, actor, { executionId }, { registry: t.registry })).rejects.toBeInstanceOf(ConflictError);
    const audits = await t.db.select().from(auditLog).where(eq(auditLog.targetId, executionId));
    expect(audits.filter((a) => a.action === "execution.retry")).toHaveLength(1);
  });

  it("a retry on the graph that ran fails again, and can itself be retried", async () => {
    const workflowId = await t.createWorkflow(failing(99));
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    await t.waitFor(executionId);
    const r1 = await retryFromFailedStep(t.db, t.workspaceId, actor, { executionId, graph: "ran" }, { registry: t.registry });
    const again = await t.waitFor(r1.executionId);
    expect(again.status).toBe("failed");
    expect(again.failedNodeId).toBe("c");
    await t.db.update(workflows).set({ draftGraph: failing(0) as Record<string, unknown> }).where(eq(workflows.id, workflowId));
    const r2 = await retryFromFailedStep(t.db, t.workspaceId, actor, { executionId: r1.executionId }, { registry: t.registry });
    expect((await t.waitFor(r2.executionId)).status).toBe("succeeded");
  });

  it("refuses to retry a run that did not fail", async () => {
    const workflowId = await t.createWorkflow(failing(0));
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId }, { registry: t.registry });
    expect((await t.waitFor(executionId)).status).toBe("succeeded");
    await expect(retryFromFailedStep(t.db, t.workspaceId, actor, { executionId }, { registry: t.registry })).rejects.toBeInstanceOf(ConflictError);
  });

  it("replays with the same trigger data on the version that ran", async () => {
    const workflowId = await t.createWorkflow(failing(99));
    const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId, payload: { lead: "ada@example.test" } }, { registry: t.registry });
    await t.waitFor(executionId);
    const { executionId: replayId } = await replayExecution(t.db, t.workspaceId, actor, { executionId, on: "ran" }, { registry: t.registry });
    const replayed = await t.waitFor(replayId);
    expect(replayed.triggerData).toEqual({ lead: "ada@example.test" });
    expect(replayed.mode).toBe("test");
    expect(replayed.status).toBe("failed");
  });
});
