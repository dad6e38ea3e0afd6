// Which outputs of each step have a connection (a step shows "+" only on free outputs). Read from
// the editor store, which a drag frame does not touch, instead of React Flow's store, which calls
// every step's selector on every drag and pan frame; worked out once per edges array, so each
// step's selector is a lookup.
import type { StepEdge } from "@/components/canvas/flow-types";

const cache = new WeakMap<readonly StepEdge[], Map<string, string>>();

/** The connected output handles of `nodeId`, sorted and joined with "|" (a string compares cheaply). */
export function connectedOutputs(edges: readonly StepEdge[], nodeId: string): string {
  let byNode = cache.get(edges);
  if (!byNode) {
    const handles = new Map<string, Set<string>>();
    for (const e of edges) {
      let set = handles.get(e.source);
      if (!set) handles.set(e.source, (set = new Set()));
      set.add(e.sourceHandle ?? "main");
    }
    byNode = new Map([...handles].map(([id, set]) => [id, [...set].sort().join("|")]));
    cache.set(edges, byNode);
  }
  return byNode.get(nodeId) ?? "";
}
