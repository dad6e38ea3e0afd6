// Step data over the workspace's cap (docs/decisions/0802): an output over it fails the step and
// only a truncated marker is stored, so no later step computes on a partial copy; errors and
// logs over it are stored truncated; everything else of the run is kept whole.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, graphOf, type Harness } from "./testing/harness";
import { startTestRun } from "@/server/services/runs";
import { setRetention } from "@/server/services/sla";
import { testDriver } from "@/db/testing/test-db";
import { isTruncatedStepData } from "@/server/monitoring/step-data-cap";

const MiB = 1024 * 1024;
let t: Harness;
beforeAll(async () => {
  t = await createHarness();
  t.startWorkers(1);
});
afterAll(async () => t?.close());

const run = async (graph: ReturnType<typeof graphOf>, payload: unknown = { lead: "ada@example.test" }) => {
  const workflowId = await t.createWorkflow(graph);
  const { executionId } = await startTestRun(t.db, t.workspaceId, { workflowId, payload }, { registry: t.registry });
  return t.waitFor(executionId, { timeoutMs: 30_000 });
};
const step = (e: Awaited<ReturnType<Harness["waitFor"]>>, id: string) => e.steps.filter((s) => s.nodeId === id);
const dump = (e: Awaited<ReturnType<Harness["waitFor"]>>) => JSON.stringify([e.error, e.steps.map((s) => [s.nodeId, s.status, (s.error as { code?: string } | null)?.code])]);

describe(`step data cap on ${testDriver}`, () => {
  // t → a → big → after: all pure, so a worker chains big and after in memory behind a; the commit
  // must refuse the chain at big and the queued big must fail on its own commit.
  const chain = (bytes: number, extra: Array<[string, string, string?]> = [], nodes: Array<[string, string, Record<string, unknown>?]> = []) =>
    graphOf(
      [
        ["t", "trigger.manual"],
        ["a", "data.set", { fields: [{ name: "lead", value: "{{ trigger.lead }}" }] }],
        ["big", "test.big", { bytes, logBytes: 100 }],
        ["after", "data.set", { mode: "json", json: "{{ $length(steps.big.blob) }}" }],
        ...nodes,
      ],
      [["t", "a"], ["a", "big"], ["big", "after"], ...extra],
    );

  it("an output over 1 MiB fails its step, stores only the truncated marker, and nothing downstream runs on it", async () => {
    const bytes = Math.round(1.5 * MiB);
    const e = await run(chain(bytes));
    expect(e.status, dump(e)).toBe("failed");
    const [big, ...more] = step(e, "big");
    expect(more).toEqual([]);
    expect(big!.status).toBe("failed");
    expect(big!.error).toMatchObject({ code: "STEP_DATA_TOO_LARGE", retryable: false, nodeId: "big" });
    expect((big!.error as { message: string }).message).toMatch(/^The output is 1\.5 MB, over the 1 MiB limit of this workspace/);
    // The stored row is the marker, not the 1.5 MB.
    expect(isTruncatedStepData(big!.output)).toBe(true);
    const marker = big!.output as { originalBytes: number; capBytes: number; preview: string };
    expect(marker.capBytes).toBe(MiB);
    expect(marker.originalBytes).toBeGreaterThan(bytes);
    expect(marker.preview).toHaveLength(4096);
    expect(marker.preview.startsWith(`{"size":${bytes},"blob":"xxx`)).toBe(true);
    // Nothing computed on it: the step after it never succeeded (skipped as a dead path, or absent).
    expect(step(e, "after").filter((s) => s.status !== "skipped")).toEqual([]);
    // Nothing else is lost: earlier steps and the big step's own log are stored whole.
    expect(step(e, "t")[0]!.output).toEqual({ lead: "ada@example.test" });
    expect(step(e, "a")[0]!.output).toEqual({ lead: "ada@example.test" });
    expect(big!.logs).toMatchObject([{ level: "info", message: "a big log entry" }]);
    expect(big!.input).toMatchObject({ from: [{ source: "a", value: { lead: "ada@example.test" } }] });
    expect(e.error).toMatchObject({ code: "STEP_DATA_TOO_LARGE" });
    expect(e.failedNodeId).toBe("big");
    // No row of the run holds the big output (in particular not as the input of a later step).
    expect(e.steps.every((s) => JSON.stringify(s).length < 64 * 1024)).toBe(true);
  });

  it("the error handle gets a clear error and the run continues", async () => {
    const g = chain(Math.round(1.2 * MiB), [["big", "h", "error"]], [["h", "data.set", { fields: [{ name: "why", value: "{{ vars.input.code }}" }] }]]);
    const e = await run(g);
    expect(e.status, dump(e)).toBe("succeeded");
    expect(step(e, "h")[0]!.output).toEqual({ why: "STEP_DATA_TOO_LARGE" });
    expect(step(e, "after").filter((s) => s.status !== "skipped")).toEqual([]);
  });

  it("an output just under the cap is stored whole and read downstream", async () => {
    const e = await run(chain(1000 * 1024));
    expect(e.status, dump(e)).toBe("succeeded");
    expect(step(e, "after")[0]!.output).toBe(1000 * 1024);
    expect((step(e, "big")[0]!.output as { blob: string }).blob).toHaveLength(1000 * 1024);
  });

  it("errors and logs over the cap are stored truncated, message and code kept", async () => {
    const g = graphOf([["t", "trigger.manual"], ["big", "test.big", { errorBytes: Math.round(1.1 * MiB), logBytes: Math.round(1.1 * MiB) }]], [["t", "big"]]);
    const e = await run(g);
    expect(e.status, dump(e)).toBe("failed");
    const [big] = step(e, "big");
    const error = big!.error as { message: string; code: string; data: unknown };
    expect(error.message).toBe("the remote answered with a huge error");
    expect(error.code).toBe("TEST_BIG");
    expect(isTruncatedStepData(error.data)).toBe(true);
    const logs = big!.logs as Array<{ level: string; data: unknown }>;
    expect(logs).toHaveLength(1);
    expect(logs[0]!.level).toBe("warn");
    expect(isTruncatedStepData(logs[0]!.data)).toBe(true);
    expect(JSON.stringify(big).length).toBeLessThan(64 * 1024);
  });

  it("the cap is a workspace setting", async () => {
    await setRetention(t.db, t.workspaceId, { id: null, label: "Admin" }, { successDays: 30, failedDays: 90, stepDataMaxMiB: 2 });
    try {
      const ok = await run(chain(Math.round(1.5 * MiB)));
      expect(ok.status, dump(ok)).toBe("succeeded");
      expect(step(ok, "after")[0]!.output).toBe(Math.round(1.5 * MiB));
      const over = await run(chain(Math.round(2.5 * MiB)));
      expect(over.status).toBe("failed");
      expect((step(over, "big")[0]!.error as { message: string }).message).toMatch(/^The output is 2\.5 MB, over the 2 MiB limit/);
    } finally {
      await setRetention(t.db, t.workspaceId, { id: null, label: "Admin" }, { successDays: 30, failedDays: 90 });
    }
  });
});
