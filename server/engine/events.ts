// What goes into the interpreter (events) and what comes out (commands), and how its state is
// copied so that next() never changes the state it is given.
import type { SerializedError } from "./errors";
import type { RunState, StepInput } from "./state";

export type EngineEvent =
  | { type: "start"; triggerNodeId: string }
  | { type: "step.succeeded"; nodeId: string; scope: string; output: unknown; handle?: string }
  | { type: "step.failed"; nodeId: string; scope: string; attempt: number; error: SerializedError; input: StepInput; random: number }
  | { type: "cancel" }
  | { type: "timeout"; timeoutMs: number };

export type Command =
  | { type: "enqueue"; nodeId: string; scope: string; attempt: number; input: StepInput; delayMs: number }
  | { type: "skip"; nodeId: string; scope: string }
  | { type: "finish"; status: "succeeded"; result: unknown }
  | { type: "finish"; status: "failed"; error: SerializedError; nodeId?: string }
  | { type: "finish"; status: "canceled" };

/**
 * Copies exactly what the machine mutates (maps, join and loop bookkeeping), sharing the data
 * values (outputs, loop items), which are never modified. A deep clone would cost O(state) per
 * event, which adds up to O(n²) over a loop of n items.
 */
export function cloneState(s: RunState): RunState {
  const joins: RunState["joins"] = {};
  for (const [k, j] of Object.entries(s.joins)) joins[k] = { got: { ...j.got }, from: [...j.from] };
  const loops: RunState["loops"] = {};
  for (const [k, l] of Object.entries(s.loops)) loops[k] = { ...l, results: [...l.results], failures: [...l.failures] };
  return { ...s, active: { ...s.active }, joins, loops, itemResults: { ...s.itemResults }, itemErrors: { ...s.itemErrors }, terminals: { ...s.terminals } };
}

