// Auto-layout: left-to-right layers with dagre. Node sizes come from React Flow's measurements
// when known, so wide nodes do not overlap.
import { Graph, layout } from "@dagrejs/dagre";
import type { StepEdge, StepNode } from "./flow-types";

export const DEFAULT_NODE_SIZE = { width: 240, height: 80 };

export function autoLayout(nodes: readonly StepNode[], edges: readonly StepEdge[]): Map<string, { x: number; y: number }> {
  const g = new Graph({ multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 50, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) {
    g.setNode(n.id, { width: n.measured?.width ?? DEFAULT_NODE_SIZE.width, height: n.measured?.height ?? DEFAULT_NODE_SIZE.height });
  }
  for (const e of edges) if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target, {}, e.id);
  layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const p = g.node(n.id);
    const w = n.measured?.width ?? DEFAULT_NODE_SIZE.width;
    const h = n.measured?.height ?? DEFAULT_NODE_SIZE.height;
    // dagre gives centres; React Flow positions are top-left corners.
    if (p) out.set(n.id, { x: Math.round(p.x - w / 2), y: Math.round(p.y - h / 2) });
  }
  return out;
}
