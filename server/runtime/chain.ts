// Pure-step chaining: after a pure step succeeds, if the graph alone says exactly which pure step
// comes next (one live edge into a node with one input), run it right away in this worker and
// commit both together. Re-running pure steps after a crash is harmless, so skipping the queue
// round trip is safe; side-effecting steps always commit on their own.
import type { GraphIndex } from "@/server/engine/topology";
import type { StepInput } from "@/server/engine/state";
import type { NodeRegistry } from "@/server/nodes/registry";

export const MAX_CHAIN = 50;

export function isPureAction(index: GraphIndex, registry: NodeRegistry, nodeId: string): boolean {
  const spec = index.specs.get(nodeId);
  return !!spec && !spec.sideEffect && (spec.kind === "action" || spec.kind === "trigger") && !!registry.executor(spec.type);
}

/** The single successor a pure step's success leads to, with the input the interpreter will give it. */
export function chainSuccessor(
  index: GraphIndex,
  registry: NodeRegistry,
  from: { nodeId: string; scope: string; input: StepInput | null },
  output: unknown,
  handle: string | undefined,
): { nodeId: string; input: StepInput } | undefined {
  const spec = index.specs.get(from.nodeId);
  const node = index.nodes.get(from.nodeId);
  if (!spec || !node || spec.kind === "loop") return undefined;
  const taken = handle ?? spec.outputs(node.config)[0] ?? "main";
  const live = (index.outgoing.get(from.nodeId) ?? []).filter((e) => e.sourceHandle === taken);
  if (live.length !== 1) return undefined;
  const e = live[0]!;
  if (index.backEdges.has(e.id)) return undefined;
  if ((index.inbound.get(e.target) ?? []).length !== 1) return undefined;
  if (!isPureAction(index, registry, e.target) || index.specs.get(e.target)!.kind !== "action") return undefined;
  const input: StepInput = { from: [{ edge: e.id, source: from.nodeId, handle: taken, value: output }] };
  // Same scope, same loop item: mirror what the interpreter attaches.
  if (from.scope !== "") {
    input.item = from.input?.item;
    input.itemIndex = from.input?.itemIndex;
  }
  return { nodeId: e.target, input };
}
