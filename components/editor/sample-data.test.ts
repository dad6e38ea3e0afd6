import { describe, expect, it } from "vitest";
import { buildSampleContext, flattenFields, runStatusByNode, upstreamOf, type RunView } from "./sample-data";
import type { StepNode } from "@/components/canvas/flow-types";

const node = (id: string, type: string, name: string, config: Record<string, unknown> = {}): StepNode => ({ id, type: "step", position: { x: 0, y: 0 }, data: { type, name, config, notes: "" } });
const step = (id: number, nodeId: string, status: string, output: unknown = null) => ({ id, nodeId, scope: "", status, attempt: 1, input: null, output, error: null, handle: null, logs: [] });

describe("sample data", () => {
  const run: RunView = { id: "r", status: "succeeded", triggerNodeId: "t", triggerData: { amount: 5 }, error: null, steps: [step(1, "t", "succeeded", { amount: 5 }), step(2, "s", "failed"), step(3, "s", "succeeded", { total: 5 })] };

  it("takes the latest step per node for statuses and outputs", () => {
    expect(runStatusByNode(run)).toEqual({ t: "succeeded", s: "succeeded" });
    const { context } = buildSampleContext(run, [node("t", "trigger.manual", "Start"), node("s", "data.set", "Build")]);
    expect(context?.steps).toEqual({ t: { amount: 5 }, Start: { amount: 5 }, s: { total: 5 }, Build: { total: 5 } });
  });

  it("prefers the pinned test data as the trigger sample; none at all gives no context", () => {
    const nodes = [node("t", "trigger.manual", "Start", { testData: '{"amount": 9}' })];
    expect(buildSampleContext(null, nodes).context?.trigger).toEqual({ amount: 9 });
    expect(buildSampleContext(null, [node("t", "trigger.manual", "Start")]).context).toBeNull();
  });

  it("uses a webhook trigger's pinned sample and lets single-step outputs replace the run's", () => {
    const nodes = [node("w", "trigger.webhook", "Hook", { testData: '{"body":{"email":"a@b.co"}}' }), node("s", "data.set", "Build")];
    const { context } = buildSampleContext(run, nodes, new Map([["s", { total: 7 }]]));
    expect(context?.trigger).toEqual({ body: { email: "a@b.co" } });
    expect(context?.steps.s).toEqual({ total: 7 });
    expect(context?.steps.Build).toEqual({ total: 7 });
    expect(buildSampleContext(null, [node("w", "trigger.webhook", "Hook", { testData: "not json" })]).context).toBeNull();
  });

  it("lists upstream nodes nearest first and flattens fields", () => {
    const edges = [
      { id: "1", source: "a", target: "b" },
      { id: "2", source: "b", target: "c" },
      { id: "3", source: "x", target: "c" },
    ];
    expect(upstreamOf("c", edges)).toEqual(["b", "x", "a"]);
    expect(flattenFields({ a: { b: 1 }, list: [{ c: "x" }] }).map((f) => f.path.join("."))).toEqual(["a", "a.b", "list", "list.0", "list.0.c"]);
  });
});
