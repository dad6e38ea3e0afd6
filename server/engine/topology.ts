// A read-only index over a validated graph: adjacency, loop bodies and back edges. Built once per
// graph (the runtime caches it by graph hash) so the interpreter's hot path does no searching.
import { z } from "zod";
import type { GraphEdge, GraphNode, WorkflowGraph } from "./graph";
import { LOOP_ITEM_HANDLE, type NodeCatalogLookup, type NodeSpec } from "./node-spec";

export interface GraphIndex {
  graph: WorkflowGraph;
  nodes: Map<string, GraphNode>;
  specs: Map<string, NodeSpec>;
  /** Outgoing edges per node, in document order. */
  outgoing: Map<string, GraphEdge[]>;
  /** Incoming edges per node that take part in readiness (back edges of loops excluded). */
  inbound: Map<string, GraphEdge[]>;
  /** Edges from a loop's body back into the loop node: they end an item, they do not start the loop. */
  backEdges: Set<string>;
  /** Loop node id → ids of the nodes in its body (reachable from its item handle). */
  loopBodies: Map<string, Set<string>>;
  /** Node id → ids of every node that can run before it (through forward edges). */
  ancestors: Map<string, Set<string>>;
}

function unknownSpec(type: string): NodeSpec {
  return { type, kind: "action", config: z.unknown(), outputs: () => ["main"], canFail: true, sideEffect: true };
}

export function indexGraph(graph: WorkflowGraph, catalog: NodeCatalogLookup): GraphIndex {
  const nodes = new Map<string, GraphNode>();
  const specs = new Map<string, NodeSpec>();
  for (const n of graph.nodes) {
    // An unknown type (a worker without that node) still takes part in routing, so its step is
    // scheduled and fails loudly instead of the run silently skipping it.
    const spec = catalog.get(n.type) ?? unknownSpec(n.type);
    if (spec.kind === "note") continue;
    nodes.set(n.id, n);
    specs.set(n.id, spec);
  }
  const outgoing = new Map<string, GraphEdge[]>();
  const incoming = new Map<string, GraphEdge[]>();
  for (const id of nodes.keys()) {
    outgoing.set(id, []);
    incoming.set(id, []);
  }
  for (const e of graph.edges) {
    if (!nodes.has(e.source) || !nodes.has(e.target)) continue;
    outgoing.get(e.source)!.push(e);
    incoming.get(e.target)!.push(e);
  }
  const loopBodies = new Map<string, Set<string>>();
  const backEdges = new Set<string>();
  for (const [id, spec] of specs) {
    if (spec.kind !== "loop") continue;
    const body = loopBody(id, outgoing);
    loopBodies.set(id, body);
    for (const e of incoming.get(id)!) if (body.has(e.source)) backEdges.add(e.id);
  }
  const inbound = new Map<string, GraphEdge[]>();
  for (const [id, edges] of incoming) inbound.set(id, edges.filter((e) => !backEdges.has(e.id)));
  const ancestors = computeAncestors(nodes, inbound);
  return { graph, nodes, specs, outgoing, inbound, backEdges, loopBodies, ancestors };
}

/** Nodes reachable from the loop's item handle without passing through the loop node itself. */
export function loopBody(loopId: string, outgoing: Map<string, GraphEdge[]>): Set<string> {
  const body = new Set<string>();
  const stack = (outgoing.get(loopId) ?? []).filter((e) => e.sourceHandle === LOOP_ITEM_HANDLE).map((e) => e.target);
  while (stack.length) {
    const id = stack.pop()!;
    if (id === loopId || body.has(id)) continue;
    body.add(id);
    for (const e of outgoing.get(id) ?? []) stack.push(e.target);
  }
  return body;
}

function computeAncestors(nodes: Map<string, GraphNode>, inbound: Map<string, GraphEdge[]>): Map<string, Set<string>> {
  const memo = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const visit = (id: string): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const acc = new Set<string>();
    // A forward cycle (refused by the validator) must not hang the indexer.
    if (visiting.has(id)) return acc;
    visiting.add(id);
    for (const e of inbound.get(id) ?? []) {
      acc.add(e.source);
      for (const a of visit(e.source)) acc.add(a);
    }
    visiting.delete(id);
    memo.set(id, acc);
    return acc;
  };
  for (const id of nodes.keys()) visit(id);
  return memo;
}

/** A forward cycle (ignoring loop back edges) as a list of node ids, or undefined. */
export function findForwardCycle(index: Pick<GraphIndex, "nodes" | "outgoing" | "backEdges">): string[] | undefined {
  const color = new Map<string, 1 | 2>();
  const path: string[] = [];
  const dfs = (id: string): string[] | undefined => {
    color.set(id, 1);
    path.push(id);
    for (const e of index.outgoing.get(id) ?? []) {
      if (index.backEdges.has(e.id)) continue;
      const c = color.get(e.target);
      if (c === 1) return [...path.slice(path.indexOf(e.target)), e.target];
      if (c === undefined) {
        const found = dfs(e.target);
        if (found) return found;
      }
    }
    path.pop();
    color.set(id, 2);
    return undefined;
  };
  for (const id of index.nodes.keys()) {
    if (color.has(id)) continue;
    const found = dfs(id);
    if (found) return found;
  }
  return undefined;
}
