// Maps between the stored workflow graph and React Flow's nodes and edges. Key order of the
// produced graph follows the schema, so saved drafts and exports diff cleanly.
import type { GraphEdge, GraphNode, GraphSettings, WorkflowGraph } from "@/server/engine/graph";
import { GRAPH_SCHEMA_VERSION } from "@/server/engine/graph";
import { ERROR_HANDLE } from "@/server/engine/node-spec";
import { definitionOf } from "@/components/editor/catalog";
import type { StepData, StepEdge, StepNode } from "./flow-types";

export function toFlowNode(n: GraphNode): StepNode {
  const data: StepData = { type: n.type, name: n.name, config: n.config, notes: n.notes };
  if (n.retry) data.retry = n.retry;
  if (n.timeoutMs !== undefined) data.timeoutMs = n.timeoutMs;
  if (n.onError) data.onError = n.onError;
  return { id: n.id, type: "step", position: n.position, data, ariaLabel: stepAriaLabel(n.type, n.name) };
}

/** What screen readers announce for a node: its name and what kind of step it is. */
export function stepAriaLabel(type: string, name: string): string {
  const label = definitionOf(type)?.label ?? "Unknown step";
  return name === label ? `Step ${name}` : `Step ${name} (${label})`;
}

/** Failure paths are drawn red and dashed, like the error handle they start from. */
export const ERROR_EDGE_STYLE = { stroke: "#dc2626", strokeDasharray: "6 4" };
/** The connections a test run actually followed. */
export const TAKEN_EDGE_STYLE = { stroke: "#16a34a", strokeWidth: 2.5 };

export function toFlowEdge(e: GraphEdge): StepEdge {
  return {
    id: e.id,
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    ...(e.sourceHandle === ERROR_HANDLE ? { style: ERROR_EDGE_STYLE } : {}),
  };
}

export function toFlow(graph: Pick<WorkflowGraph, "nodes" | "edges">): { nodes: StepNode[]; edges: StepEdge[] } {
  return { nodes: graph.nodes.map(toFlowNode), edges: graph.edges.map(toFlowEdge) };
}

export function toGraphNode(n: StepNode): GraphNode {
  const d = n.data;
  const out: GraphNode = {
    id: n.id,
    type: d.type,
    name: d.name,
    position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    config: d.config,
    notes: d.notes,
  };
  if (d.retry) out.retry = d.retry;
  if (d.timeoutMs !== undefined) out.timeoutMs = d.timeoutMs;
  if (d.onError) out.onError = d.onError;
  return out;
}

export function toGraphEdge(e: StepEdge): GraphEdge {
  return { id: e.id, source: e.source, sourceHandle: e.sourceHandle ?? "main", target: e.target };
}

export function toGraph(nodes: readonly StepNode[], edges: readonly StepEdge[], settings: GraphSettings = {}): WorkflowGraph {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes: nodes.map(toGraphNode), edges: edges.map(toGraphEdge), settings };
}

/** A lenient reading of a stored draft: anything unexpected becomes an empty graph part. */
export function readStoredGraph(stored: unknown): WorkflowGraph {
  const g = (stored ?? {}) as Partial<WorkflowGraph>;
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: Array.isArray(g.nodes) ? g.nodes.map((n) => ({ ...n, position: n.position ?? { x: 0, y: 0 }, config: n.config ?? {}, notes: n.notes ?? "" })) : [],
    edges: Array.isArray(g.edges) ? g.edges.map((e) => ({ ...e, sourceHandle: e.sourceHandle ?? "main" })) : [],
    settings: g.settings && typeof g.settings === "object" ? g.settings : {},
  };
}

/** JSON with sorted keys: Postgres jsonb does not keep key order, so compare graphs this way. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
