// Copy and paste as graph JSON, so steps move between workflows (and browser tabs) through the
// ordinary clipboard. Pasted text is untrusted: it is parsed with the graph schema and anything
// malformed is refused as a whole with a short reason.
import { z } from "zod";
import { graphEdgeSchema, graphNodeSchema, type GraphEdge, type GraphNode } from "@/server/engine/graph";
import { mapStrings, remapReferences } from "@/components/editor/references";
import { newEdgeId, newNodeId, uniqueName } from "./ids";

const FRAGMENT_KIND = "switchyard/steps";

const fragmentSchema = z.object({
  nodes: z.array(graphNodeSchema).min(1).max(1000),
  edges: z.array(graphEdgeSchema).max(5000).default([]),
});
export type Fragment = z.output<typeof fragmentSchema>;

export function serializeFragment(nodes: readonly GraphNode[], edges: readonly GraphEdge[]): string {
  const ids = new Set(nodes.map((n) => n.id));
  const inner = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
  return JSON.stringify({ kind: FRAGMENT_KIND, schemaVersion: 1, nodes, edges: inner }, null, 2);
}

export type ParseResult = { ok: true; fragment: Fragment } | { ok: false; reason: string };

/** Accepts a copied fragment or a whole exported workflow graph. */
export function parseFragment(text: string, knownType: (type: string) => boolean): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, reason: "The clipboard does not contain workflow steps." };
  }
  const parsed = fragmentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: "The clipboard does not contain valid workflow steps." };
  const unknown = parsed.data.nodes.filter((n) => !knownType(n.type)).map((n) => n.type);
  if (unknown.length) return { ok: false, reason: `Cannot paste: unknown step type ${[...new Set(unknown)].map((t) => `"${t}"`).join(", ")}.` };
  return { ok: true, fragment: parsed.data };
}

/**
 * Fresh ids and unique names for a pasted fragment; references between the pasted steps follow
 * the new ids; edges to steps outside the fragment are dropped.
 */
export function instantiateFragment(
  fragment: Fragment,
  taken: { ids: Set<string>; names: Set<string> },
  placeAt: { x: number; y: number } | { dx: number; dy: number },
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const idMap = new Map<string, string>();
  const ids = new Set(taken.ids);
  const names = new Set(taken.names);
  for (const n of fragment.nodes) {
    const id = newNodeId(n.type, ids);
    ids.add(id);
    idMap.set(n.id, id);
  }
  const minX = Math.min(...fragment.nodes.map((n) => n.position.x));
  const minY = Math.min(...fragment.nodes.map((n) => n.position.y));
  const shift = "dx" in placeAt ? { x: placeAt.dx, y: placeAt.dy } : { x: placeAt.x - minX, y: placeAt.y - minY };
  const nodes = fragment.nodes.map((n) => {
    const name = uniqueName(n.name, names);
    names.add(name);
    return {
      ...n,
      id: idMap.get(n.id)!,
      name,
      position: { x: n.position.x + shift.x, y: n.position.y + shift.y },
      config: mapStrings(n.config, (s) => remapReferences(s, idMap)) as Record<string, unknown>,
    };
  });
  const edges = fragment.edges
    .filter((e) => idMap.has(e.source) && idMap.has(e.target))
    .map((e) => ({ ...e, id: newEdgeId(), source: idMap.get(e.source)!, target: idMap.get(e.target)! }));
  return { nodes, edges };
}
