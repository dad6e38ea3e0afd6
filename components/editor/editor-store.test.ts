import { beforeEach, describe, expect, it } from "vitest";
import { editor, useEditorStore } from "./editor-store";
import { twoStepGraph as graph } from "./testing/two-step-graph";

const s = () => useEditorStore.getState();
const names = () => s().nodes.map((n) => n.data.name);

describe("editor store", () => {
  beforeEach(() => editor.load(graph, { draftRevision: 3, readOnly: false }));

  it("round-trips the stored graph", () => {
    expect(editor.graph()).toEqual(graph);
    expect(s().save.draftRevision).toBe(3);
  });

  it("deletes a step with its connections in one undoable step; redo deletes again", () => {
    editor.select(["set_a"]);
    editor.deleteSelection();
    expect(names()).toEqual(["Start"]);
    expect(s().edges).toEqual([]);
    editor.undo();
    expect(names()).toEqual(["Start", "Build"]);
    expect(s().edges.map((e) => e.id)).toEqual(["e1"]);
    editor.redo();
    expect(names()).toEqual(["Start"]);
  });

  it("adds steps with unique names, connected when added after an output", () => {
    const id = editor.addNode("data.set", { x: 600, y: 0 }, { nodeId: "set_a", handle: "main" });
    expect(names()).toEqual(["Start", "Build", "Set / Transform"]);
    expect(s().edges.at(-1)).toMatchObject({ source: "set_a", sourceHandle: "main", target: id });
    editor.addNode("data.set", { x: 900, y: 0 });
    expect(names().at(-1)).toBe("Set / Transform 2");
    expect(s().selectedId).toBe(s().nodes.at(-1)!.id);
  });

  it("refuses connections into triggers, to itself and duplicates", () => {
    expect(editor.canConnect({ source: "set_a", target: "start", sourceHandle: "main", targetHandle: null })).toBe(false);
    expect(editor.canConnect({ source: "set_a", target: "set_a", sourceHandle: "main", targetHandle: null })).toBe(false);
    expect(editor.canConnect({ source: "start", target: "set_a", sourceHandle: "main", targetHandle: null })).toBe(false);
    expect(editor.canConnect({ source: "set_a", target: "set_a", sourceHandle: "error", targetHandle: null })).toBe(false);
  });

  it("typing into a field is one undo step, and every change bumps the edit count for autosave", () => {
    const before = s().editCount;
    editor.updateNode("set_a", { name: "B" });
    editor.updateNode("set_a", { name: "Bu" });
    editor.updateNode("set_a", { name: "Bui" });
    expect(s().editCount).toBe(before + 3);
    editor.undo();
    expect(names()[1]).toBe("Build");
  });

  it("a drag is one undo step back to where it started; selection changes are not edits", () => {
    const before = s().editCount;
    editor.onNodesChange([{ type: "select", id: "set_a", selected: true }]);
    expect(s().selectedId).toBe("set_a");
    for (const x of [310, 320, 330]) editor.onNodesChange([{ type: "position", id: "set_a", position: { x, y: 0 }, dragging: true }]);
    expect(s().editCount).toBe(before);
    editor.onNodesChange([{ type: "position", id: "set_a", position: { x: 340, y: 0 }, dragging: false }]);
    expect(s().editCount).toBe(before + 1);
    editor.undo();
    expect(s().nodes[1]!.position).toEqual({ x: 300, y: 0 });
  });

  it("duplicates the selection with new ids and names", () => {
    editor.select(["start", "set_a"]);
    editor.duplicateSelection();
    expect(names()).toEqual(["Start", "Build", "Start 2", "Build 2"]);
    expect(s().edges).toHaveLength(2);
    expect(new Set(s().nodes.map((n) => n.id)).size).toBe(4);
  });

  it("read-only editors change nothing", () => {
    editor.load(graph, { draftRevision: 3, readOnly: true });
    editor.addNode("data.set", { x: 0, y: 0 });
    editor.select(["set_a"]);
    editor.deleteSelection();
    expect(names()).toEqual(["Start", "Build"]);
  });
});
