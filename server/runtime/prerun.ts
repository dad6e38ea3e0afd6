// Runs a new execution's first pure steps in memory, BEFORE anything is stored, so that intake can
// commit the execution, its finished steps and (often) its end in one transaction together with
// the inbox row (docs/decisions/0304). Nothing here writes: if the process dies before that
// commit, nothing exists and the sender, who got no answer, retries. Pure steps have no effect
// outside their output, so running them early or twice is harmless.
//
// The interpreter drives this exactly as it drives workers: each step that ran is fed back as
// `step.succeeded`; whatever cannot run here (a side-effecting node, a delayed retry, a loop
// item, a failure, a step over the data cap, the time limit) stays a command for the commit to
// queue, and a worker runs it with its usual guarantees.
import { advance, next, type Command } from "@/server/engine/interpreter";
import type { RunState } from "@/server/engine/state";
import type { NodeRegistry } from "@/server/nodes/registry";
import { jsonBytesOverCap } from "@/server/monitoring/step-data-cap";
import type { ChainedRow } from "./apply";
import { isPureAction } from "./chain";
import { runStep, type ExecutionInfo } from "./execute";
import type { LoadedGraph } from "./graph-store";
import type { RuntimeContext } from "./context";

/** Steps of one execution run before its first commit at most; the rest goes to the workers. */
export const MAX_PRERUN_STEPS = 20;

export interface Prerun {
  /** The interpreter's state after the steps that ran. */
  state: RunState;
  /** Steps that ran, to be stored as succeeded, in the order they ran. */
  ran: Array<ChainedRow & { type: string }>;
  /** What is left for the commit: steps to queue, steps to mark skipped. */
  commands: Command[];
  /** Set when the run ended in memory. */
  finish?: Extract<Command, { type: "finish" }>;
}

export async function prerunPureSteps(a: {
  rt: Pick<RuntimeContext, "db" | "registry" | "options">;
  exec: ExecutionInfo;
  graph: LoadedGraph;
  triggerNodeId: string;
  deadline: number;
  /** The workspace's step data cap in bytes. */
  cap: number;
}): Promise<Prerun> {
  const { rt, exec, graph, cap } = a;
  const registry: NodeRegistry = rt.registry;
  let r = next(graph.index, undefined, { type: "start", triggerNodeId: a.triggerNodeId });
  let state = r.state;
  const todo = [...r.commands];
  const left: Command[] = [];
  const ran: Prerun["ran"] = [];
  const outputs = new Map<string, unknown>();
  let finish: Prerun["finish"];
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("Took too long before the first commit")), Math.max(1, a.deadline - Date.now()));
  try {
    while (todo.length) {
      const c = todo.shift()!;
      if (c.type === "finish") {
        finish = c;
        continue;
      }
      const runnable =
        c.type === "enqueue" &&
        c.delayMs === 0 &&
        c.scope === "" &&
        ran.length < MAX_PRERUN_STEPS &&
        !controller.signal.aborted &&
        isPureAction(graph.index, registry, c.nodeId);
      if (!runnable) {
        left.push(c);
        continue;
      }
      const step = { id: 0, nodeId: c.nodeId, scope: c.scope, attempt: c.attempt, input: c.input, resume: null };
      const outcome = await runStep({ rt: rt as RuntimeContext, exec, graph, step, signal: controller.signal, pending: outputs, uncommitted: true, signalDeadline: a.deadline });
      const outputJson = outcome.kind === "succeeded" ? JSON.stringify(outcome.output ?? null) : "";
      // A failure, or an output over the cap, is left to a worker: it records either properly.
      if (outcome.kind !== "succeeded" || controller.signal.aborted || jsonBytesOverCap(outputJson, cap) !== null) {
        left.push(c);
        continue;
      }
      const logsJson = outcome.logs.length ? JSON.stringify(outcome.logs) : null;
      if (logsJson && jsonBytesOverCap(logsJson, cap) !== null) {
        left.push(c);
        continue;
      }
      const type = graph.index.nodes.get(c.nodeId)?.type ?? "";
      ran.push({ nodeId: c.nodeId, scope: c.scope, input: c.input, output: outcome.output, handle: outcome.handle, logs: outcome.logs, outputJson, logsJson, type });
      outputs.set(c.nodeId, outcome.output);
      // The state is this function's own (from the previous call): advanced in place.
      r = advance(graph.index, state, { type: "step.succeeded", nodeId: c.nodeId, scope: c.scope, output: outcome.output, handle: outcome.handle });
      state = r.state;
      todo.push(...r.commands);
    }
  } finally {
    clearTimeout(timer);
  }
  return { state, ran, commands: left, finish };
}
