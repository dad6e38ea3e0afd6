// The retry planner over hand-written journals: which steps run again, which rows are kept.
import { describe, expect, it } from "vitest";
import { g, ix } from "@/server/engine/testing/catalog";
import { planRetry, type JournalRow } from "./retry-plan";

let id = 0;
const row = (nodeId: string, status: string, extra: Partial<JournalRow> = {}): JournalRow => ({
  id: ++id,
  nodeId,
  scope: "",
  attempt: 1,
  status,
  input: { from: [] },
  output: status === "succeeded" ? { from: nodeId } : null,
  handle: null,
  error: status === "failed" ? { message: "boom", retryable: false } : null,
  finishedAt: new Date(1_000 + id),
  ...extra,
});

describe("planRetry", () => {
  it("keeps completed steps and re-queues the failed one and the canceled parallel branch", () => {
    const graph = g([["T", "t.trigger"], ["A", "t.task"], ["B", "t.task"], ["C", "t.task"], ["J", "t.task"]], [["T", "A"], ["A", "B"], ["A", "C"], ["B", "J"], ["C", "J"]]);
    const journal = [row("T", "succeeded"), row("A", "succeeded"), row("B", "failed"), row("C", "canceled", { finishedAt: null }), row("J", "skipped")];
    const plan = planRetry(ix(graph), "T", journal);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.steps.map((s) => s.nodeId).sort()).toEqual(["B", "C"]);
    expect(plan.keptRowIds).toEqual([journal[0]!.id, journal[1]!.id]);
    expect(plan.steps.find((s) => s.nodeId === "B")!.input.from[0]!.value).toEqual({ from: "A" });
    expect(plan.state.status).toBe("running");
  });

  it("feeds retried attempts and keeps a failure that went down an error path", () => {
    const graph = g([["T", "t.trigger"], ["A", "t.task"], ["H", "t.task"], ["Z", "t.task"]], [["T", "A"], ["A", "H", "error"], ["H", "Z"]]);
    const journal = [row("T", "succeeded"), row("A", "failed"), row("H", "succeeded"), row("Z", "failed")];
    const plan = planRetry(ix(graph), "T", journal);
    expect(plan.ok && plan.steps.map((s) => s.nodeId)).toEqual(["Z"]);
  });

  it("refuses when completed steps cannot be kept on the new graph", () => {
    const before = g([["T", "t.trigger"], ["A", "t.task"], ["B", "t.task"]], [["T", "A"], ["A", "B"]]);
    const journal = [row("T", "succeeded"), row("A", "succeeded"), row("B", "failed")];
    expect(planRetry(ix(before), "T", journal).ok).toBe(true);
    const renamed = g([["T", "t.trigger"], ["A2", "t.task"], ["B", "t.task"]], [["T", "A2"], ["A2", "B"]]);
    const plan = planRetry(ix(renamed), "T", journal);
    expect(plan.ok).toBe(false);
  });

  it("says so when nothing is left to run", () => {
    const graph = g([["T", "t.trigger"], ["A", "t.task"]], [["T", "A"]]);
    const plan = planRetry(ix(graph), "T", [row("T", "succeeded"), row("A", "succeeded")]);
    expect(plan.ok).toBe(false);
  });
});
