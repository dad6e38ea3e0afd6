"use client";
// A read-only view of a stored graph (an old version): same node renderer, no editing, no overlays.
import { useMemo, useState } from "react";
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider } from "@xyflow/react";
import type { WorkflowGraph } from "@/server/engine/graph";
import { CanvasModeContext } from "./canvas-context";
import { toFlow } from "./graph-mapping";
import { nodeTypes } from "./step-node";
import { FitOnLoad } from "./fit-on-load";
import { ZoomLevel } from "./far-context";

const mode = { readOnly: true, overlays: false };

export function ReadOnlyCanvas({ graph, label }: { graph: WorkflowGraph; label: string }) {
  const { nodes, edges } = useMemo(() => toFlow(graph), [graph]);
  const [viewportReady, setViewportReady] = useState(false);
  return (
    <CanvasModeContext.Provider value={mode}>
      {/* Its own provider: inside the editor, a bare <ReactFlow> would share the editor's store. */}
      <ReactFlowProvider>
        <ZoomLevel>
          <ReactFlow
            defaultNodes={nodes}
            defaultEdges={edges}
            onInit={() => setViewportReady(true)}
            nodeTypes={nodeTypes}
            nodesDraggable={false}
            nodesConnectable={false}
            edgesReconnectable={false}
            elementsSelectable={false}
            deleteKeyCode={null}
            minZoom={0.1}
            aria-label={label}
          >
            <FitOnLoad enabled viewportReady={viewportReady} nodes={nodes} />
            <Background gap={20} />
            <MiniMap pannable zoomable />
            <Controls showInteractive={false} />
          </ReactFlow>
        </ZoomLevel>
      </ReactFlowProvider>
    </CanvasModeContext.Provider>
  );
}
