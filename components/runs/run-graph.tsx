"use client";
// The graph that ran, read-only, each node coloured by what its step did; the failing node is
// highlighted. Its own small renderer (no editor store), so it can sit anywhere.
import { memo, useMemo } from "react";
import { Background, Controls, Handle, Position, ReactFlow, ReactFlowProvider, type Edge, type Node, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { definitionOf } from "@/components/editor/catalog";
import type { WorkflowGraph } from "@/server/engine/graph";
import { statusLabel } from "./status-badge";

type RunNodeData = { name: string; type: string; status: string; failing: boolean; selected: boolean; attempts: number; items: number };
type RunNode = Node<RunNodeData, "run">;

const RING: Record<string, string> = {
  succeeded: "border-green-500 bg-green-50",
  failed: "border-red-600 bg-red-50",
  running: "border-blue-500 bg-blue-50",
  waiting: "border-amber-500 bg-amber-50",
  queued: "border-slate-400 bg-white",
  canceled: "border-slate-300 bg-slate-50",
  skipped: "border-slate-200 bg-slate-50 opacity-60",
  notrun: "border-slate-200 bg-white opacity-60",
};

const RunNodeView = memo(function RunNodeView({ data }: NodeProps<RunNode>) {
  const label = definitionOf(data.type)?.label ?? data.type;
  return (
    <div className={`w-52 rounded-lg border-2 px-3 py-2 text-left shadow-sm ${RING[data.status] ?? RING.notrun} ${data.failing ? "ring-4 ring-red-300" : ""} ${data.selected ? "outline outline-2 outline-offset-2 outline-brand-500" : ""}`} data-status={data.status} data-failing={data.failing || undefined}>
      <Handle type="target" position={Position.Left} className="!bg-slate-400" />
      <p className="truncate text-sm font-semibold text-slate-900">{data.name}</p>
      <p className="truncate text-xs text-slate-500">{label}</p>
      <p className="mt-1 text-xs font-medium text-slate-700">
        {data.failing ? "Failed here" : statusLabel(data.status)}
        {data.attempts > 1 ? ` · ${data.attempts} attempts` : ""}
        {data.items > 0 ? ` · ${data.items} items` : ""}
      </p>
      <Handle type="source" position={Position.Right} className="!bg-slate-400" />
    </div>
  );
});

const nodeTypes = { run: RunNodeView };

export interface NodeRunSummary {
  status: string;
  attempts: number;
  items: number;
}

export function RunGraph(props: { graph: WorkflowGraph; byNode: Map<string, NodeRunSummary>; failedNodeId: string | null; selected: string | null; onSelect: (nodeId: string) => void }) {
  const { graph, byNode, failedNodeId, selected, onSelect } = props;
  const nodes = useMemo(
    (): RunNode[] =>
      graph.nodes
        .filter((n) => definitionOf(n.type)?.kind !== "note")
        .map((n) => {
          const s = byNode.get(n.id);
          return {
            id: n.id,
            type: "run",
            position: n.position,
            ariaLabel: `${n.name}: ${n.id === failedNodeId ? "failed here" : statusLabel(s?.status ?? "notrun")}. Press Enter to see its data.`,
            data: { name: n.name, type: n.type, status: s?.status ?? "notrun", failing: n.id === failedNodeId, selected: n.id === selected, attempts: s?.attempts ?? 0, items: s?.items ?? 0 },
          };
        }),
    [graph, byNode, failedNodeId, selected],
  );
  const edges = useMemo(
    (): Edge[] =>
      graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        label: e.sourceHandle !== "main" ? e.sourceHandle : undefined,
        style: e.sourceHandle === "error" ? { stroke: "#dc2626", strokeDasharray: "6 4" } : undefined,
      })),
    [graph],
  );
  return (
    <ReactFlowProvider>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        deleteKeyCode={null}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.15 }}
        minZoom={0.2}
        onNodeClick={(_, n) => onSelect(n.id)}
        aria-label="The workflow as it ran"
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
