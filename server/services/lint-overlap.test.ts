import { describe, expect, it } from "vitest";
import { getProductNode } from "@/server/nodes/catalog/all";
import { lintWorkflow } from "./lint";

const graph = (source: string) => ({
  schemaVersion: 1,
  nodes: [
    { id: "hook", type: "trigger.webhook", name: "New order", position: { x: 0, y: 0 }, config: { source } },
    { id: "log", type: "data.log", name: "Log it", position: { x: 200, y: 0 }, config: { message: "got {{ trigger.body.id }}" } },
  ],
  edges: [{ id: "e1", source: "hook", sourceHandle: "main", target: "log" }],
  settings: {},
});

const overlaps = (source: string, others: { source: string; workflowName: string }[]) =>
  lintWorkflow(graph(source), getProductNode, { otherTriggerSources: others }).filter((i) => i.code === "overlapping_trigger");

describe("overlapping triggers", () => {
  it("warns when another workflow listens to the same source, ignoring case and spacing", () => {
    const found = overlaps("Shop  orders", [{ source: "shop orders", workflowName: "Order to invoice" }]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "warning", nodeId: "hook" });
    expect(found[0]!.message).toContain("“Order to invoice”");
  });

  it("says nothing for other sources or an empty source name", () => {
    expect(overlaps("Shop orders", [{ source: "Newsletter", workflowName: "Other" }])).toEqual([]);
    expect(overlaps("", [{ source: "", workflowName: "Other" }])).toEqual([]);
  });
});
