import { beforeEach, describe, expect, it } from "vitest";
import type { NodeChange } from "@xyflow/react";
import { editor, useEditorStore } from "@/components/editor/editor-store";
import type { StepNode } from "./flow-types";
import { nodeChangeHandler } from "./use-node-changes";
import { twoStepGraph as graph } from "@/components/editor/testing/two-step-graph";

const s = () => useEditorStore.getState();
const frame = (id: string, x: number, dragging = true): NodeChange<StepNode> => ({ type: "position", id, position: { x, y: 0 }, dragging });

/** React Flow's internal store as the canvas sees it: seeded from the editor store, as the `nodes` prop does. */
function flowStore() {
  const state = { nodes: s().nodes, setNodes: (nodes: StepNode[]) => void (state.nodes = nodes) };
  return { state, getState: () => state };
}

describe("node changes from the canvas", () => {
  beforeEach(() => editor.load(graph, { draftRevision: 1, readOnly: false }));

  it("a drag moves the canvas only, then is one store update, one undo step and one edit at the drop", () => {
    const flow = flowStore();
    const onChange = nodeChangeHandler(flow);
    const storeNodes = s().nodes;
    const before = s().editCount;
    let updates = 0;
    const unsubscribe = useEditorStore.subscribe(() => updates++);
    for (const x of [310, 320, 330]) onChange([frame("set_a", x)]);
    expect(flow.state.nodes[1]!.position.x).toBe(330);
    expect(s().nodes).toBe(storeNodes);
    expect(updates).toBe(0);
    onChange([frame("set_a", 340, false)]);
    unsubscribe();
    expect(updates).toBe(1);
    expect(s().nodes[1]!.position).toEqual({ x: 340, y: 0 });
    expect(s().editCount).toBe(before + 1);
    editor.undo();
    expect(s().nodes[1]!.position).toEqual({ x: 300, y: 0 });
  });

  it("moves all dragged steps together", () => {
    const onChange = nodeChangeHandler(flowStore());
    onChange([frame("start", 10), frame("set_a", 310)]);
    onChange([frame("start", 20, false), frame("set_a", 320, false)]);
    expect(s().nodes.map((n) => n.position.x)).toEqual([20, 320]);
    editor.undo();
    expect(s().nodes.map((n) => n.position.x)).toEqual([0, 300]);
  });

  it("a selection during a drag keeps the held position, and undo still goes back to before the drag", () => {
    const onChange = nodeChangeHandler(flowStore());
    onChange([frame("set_a", 310)]);
    onChange([{ type: "select", id: "start", selected: true }]);
    expect(s().nodes[1]!.position.x).toBe(310);
    expect(s().nodes[0]!.selected).toBe(true);
    onChange([frame("set_a", 320)]);
    onChange([frame("set_a", 330, false)]);
    expect(s().nodes[1]!.position.x).toBe(330);
    editor.undo();
    expect(s().nodes[1]!.position.x).toBe(300);
    expect(s().past).toHaveLength(0);
  });

  it("arrow-key moves (no dragging flag) are edits straight away", () => {
    const onChange = nodeChangeHandler(flowStore());
    const before = s().editCount;
    onChange([{ type: "position", id: "set_a", position: { x: 305, y: 0 } }]);
    expect(s().nodes[1]!.position.x).toBe(305);
    expect(s().editCount).toBe(before + 1);
  });

  it("a read-only canvas moves nothing", () => {
    editor.load(graph, { draftRevision: 1, readOnly: true });
    const flow = flowStore();
    const onChange = nodeChangeHandler(flow);
    onChange([frame("set_a", 310)]);
    onChange([frame("set_a", 320, false)]);
    expect(flow.state.nodes[1]!.position.x).toBe(300);
    expect(s().nodes[1]!.position.x).toBe(300);
  });
});
