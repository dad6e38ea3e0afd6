// Pure-step chaining: after a pure step succeeds, if the graph alone says exactly which pure step
// comes next (one live edge into a node with one input), run it right away in this worker and
// commit both together. Re-running pure steps after a crash is harmless, so skipping the queue
// round trip is safe; side-effecting steps always commit on their own.
import type { GraphIndex } from "@/server/engine/topology";
import type { StepInput } from "@/server/engine/state";
import type { NodeRegistry } from "@/server/nodes/registry";
import { runStep, type ExecutionInfo } from "./execute";
import type { LoadedGraph } from "./graph-store";
import type { ChainedStep } from "./commit";
import type { ClaimedStep } from "./queue";
import type { RuntimeContext } from "./context";
import type { StepOutcome } from "./outcome";

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

/**
 * Runs a claimed step (or fails it as poison after too many worker losses) and then, while the
 * graph alone determines it, the pure steps after it, in memory. Writes nothing: the caller
 * commits the outcome and the chain together. Shared by workers and the respond-mode intake.
 */
export async function runClaimedWithChain(a: {
  rt: RuntimeContext;
  exec: ExecutionInfo;
  graph: LoadedGraph;
  step: ClaimedStep;
  signal: AbortSignal;
  stopping: () => boolean;
}): Promise<{ outcome: StepOutcome; chain: ChainedStep[] }> {
  const { rt, exec, graph, step, signal } = a;
  let outcome: StepOutcome;
  if (step.workerLosses >= rt.options.maxWorkerLosses) {
    // Poison step: it took down a worker every time; fail it so its error path runs.
    outcome = { kind: "failed", error: { message: `The worker running this step was lost ${step.workerLosses} times`, code: "WORKER_LOST", retryable: false, nodeId: step.nodeId }, logs: [] };
  } else {
    outcome = await runStep({ rt, exec, graph, step, signal });
  }
  const chain: ChainedStep[] = [];
  if (rt.options.chainPureSteps && outcome.kind === "succeeded" && isPureAction(graph.index, rt.registry, step.nodeId)) {
    const pending = new Map<string, unknown>([[step.nodeId, outcome.output]]);
    let prev = { nodeId: step.nodeId, scope: step.scope, input: step.input };
    let out = outcome;
    while (chain.length < MAX_CHAIN && !signal.aborted && !a.stopping()) {
      const nxt = chainSuccessor(graph.index, rt.registry, prev, out.output, out.handle);
      if (!nxt) break;
      const r = await runStep({ rt, exec, graph, step: { id: step.id, nodeId: nxt.nodeId, scope: step.scope, attempt: 1, input: nxt.input, resume: null }, signal, pending });
      if (r.kind !== "succeeded") break;
      chain.push({ nodeId: nxt.nodeId, scope: step.scope, input: nxt.input, outcome: r });
      pending.set(nxt.nodeId, r.output);
      prev = { nodeId: nxt.nodeId, scope: step.scope, input: nxt.input };
      out = r;
    }
  }
  return { outcome, chain };
}
