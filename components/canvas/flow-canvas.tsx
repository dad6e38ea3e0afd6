"use client";
// The editing canvas: React Flow bound to the editor store, except for drag frames, which stay in
// React Flow's store until the drag ends (use-node-changes). Deleting goes through the store (one
// undo step for nodes and their edges); dropping a palette item adds a step where it was dropped;
// dragging a connection's end into empty space removes that connection.
import { useCallback, useRef, useState, type DragEvent } from "react";
import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type Edge } from "@xyflow/react";
import { editor, useEditorStore } from "@/components/editor/editor-store";
import type { StepEdge, StepNode } from "./flow-types";
import { nodeTypes } from "./step-node";
import { DEFAULT_NODE_SIZE } from "./layout";
import { FitOnLoad } from "./fit-on-load";
import { useNodeChanges } from "./use-node-changes";
import { ZoomLevel } from "./far-context";

export const PALETTE_MIME = "application/x-switchyard-node";

const defaultEdgeOptions = { interactionWidth: 16 };
const proOptions = { hideAttribution: false };

function minimapColor(n: StepNode): string {
  return n.selected ? "#2f5ae0" : "#94a3b8";
}

export function FlowCanvas({ onNodeOpen }: { onNodeOpen?: (id: string) => void }) {
  const nodes = useEditorStore((s) => s.nodes);
  const edges = useEditorStore((s) => s.edges);
  const readOnly = useEditorStore((s) => s.readOnly);
  const { screenToFlowPosition } = useReactFlow();
  const onNodesChange = useNodeChanges();
  const reconnected = useRef(true);
  // Fit the view to a loaded workflow once; on an empty canvas the first step must stay where it was dropped.
  // (Read the store directly: while hydrating, selectors see zustand's initial, empty state.)
  const [fitOnLoad] = useState(() => useEditorStore.getState().nodes.length > 0);
  const [viewportReady, setViewportReady] = useState(false);
  const onInit = useCallback(() => setViewportReady(true), []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(PALETTE_MIME);
      if (!type) return;
      e.preventDefault();
      const p = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      editor.addNode(type, { x: p.x - DEFAULT_NODE_SIZE.width / 2, y: p.y - 30 });
    },
    [screenToFlowPosition],
  );

  const isValidConnection = useCallback((c: Connection | Edge) => editor.canConnect(c as Connection), []);
  const onReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);
  const onReconnect = useCallback((old: StepEdge, c: Connection) => {
    reconnected.current = true;
    editor.reconnect(old, c);
  }, []);
  const onReconnectEnd = useCallback((_e: unknown, edge: StepEdge) => {
    if (!reconnected.current) editor.removeEdges([edge.id]);
    reconnected.current = true;
  }, []);
  const onNodeDoubleClick = useCallback((_e: unknown, n: StepNode) => onNodeOpen?.(n.id), [onNodeOpen]);

  return (
    <ZoomLevel>
      <ReactFlow<StepNode, StepEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={editor.onEdgesChange}
        onConnect={editor.connect}
        isValidConnection={isValidConnection}
        onReconnect={onReconnect}
        onReconnectStart={onReconnectStart}
        onReconnectEnd={onReconnectEnd}
        edgesReconnectable={!readOnly}
        nodesConnectable={!readOnly}
        nodesDraggable={!readOnly}
        onInit={onInit}
        onDrop={onDrop}
        onDragOver={onDragOver}
        onNodeDoubleClick={onNodeDoubleClick}
        deleteKeyCode={null}
        multiSelectionKeyCode={["Meta", "Control"]}
        selectionKeyCode="Shift"
        onlyRenderVisibleElements={nodes.length > 150}
        defaultEdgeOptions={defaultEdgeOptions}
        minZoom={0.1}
        maxZoom={2}
        proOptions={proOptions}
        aria-label="Workflow canvas"
      >
        <FitOnLoad enabled={fitOnLoad} viewportReady={viewportReady} nodes={nodes} />
        <Background gap={20} />
        <MiniMap<StepNode> pannable zoomable nodeColor={minimapColor} ariaLabel="Overview map of the workflow" />
        <Controls showInteractive={false} aria-label="Zoom controls" />
      </ReactFlow>
    </ZoomLevel>
  );
}
