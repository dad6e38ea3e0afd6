"use client";
// React Flow's onNodesChange for the editing canvas. A drag frame moves the steps in React Flow's
// own store only (what React Flow does itself when it owns the nodes); the editor store hears of
// the drag once, when it ends, as one move: one undo step and one edit for autosave and the linter.
// Sending every frame through the editor store re-rendered the canvas and ran every store
// selector (200 steps' overlays, the side panel) on each pointer move (docs/decisions/0405).
import { useMemo } from "react";
import { applyNodeChanges, useStoreApi, type NodeChange, type NodePositionChange, type OnNodesChange } from "@xyflow/react";
import { editor, useEditorStore } from "@/components/editor/editor-store";
import type { StepEdge, StepNode } from "./flow-types";

/** The part of React Flow's internal store a drag frame writes to. */
export interface FlowNodes {
  getState(): { nodes: StepNode[]; setNodes(nodes: StepNode[]): void };
}

const isDragFrame = (c: NodeChange<StepNode>): c is NodePositionChange => c.type === "position" && c.dragging === true;

export function nodeChangeHandler(flow: FlowNodes): OnNodesChange<StepNode> {
  // The latest in-drag position of each moved step that the editor store has not seen yet.
  const held = new Map<string, NodePositionChange>();
  return (changes) => {
    if (changes.length > 0 && changes.every(isDragFrame) && !useEditorStore.getState().readOnly) {
      for (const c of changes) held.set(c.id, c);
      const { nodes, setNodes } = flow.getState();
      setNodes(applyNodeChanges(changes, nodes));
      return;
    }
    // A drag's end carries the final position of every dragged step, so the held frames are
    // superseded. Anything else during a drag (a selection, a measured size) makes the canvas take
    // the store's nodes again: pass the held positions along so the steps stay where they are; the
    // store then keeps its before-drag snapshot for undo (`dragStart`).
    const ends = changes.some((c) => c.type === "position" && !c.dragging);
    const pending = ends ? [] : [...held.values()];
    held.clear();
    editor.onNodesChange(pending.length ? [...pending, ...changes] : changes);
  };
}

export function useNodeChanges(): OnNodesChange<StepNode> {
  const flow = useStoreApi<StepNode, StepEdge>();
  return useMemo(() => nodeChangeHandler(flow), [flow]);
}
