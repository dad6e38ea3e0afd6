// Drives the interpreter without a database: a deterministic in-memory "runtime" for tests.
// Steps are taken from a queue in an order chosen by `pick` (FIFO by default), run by `behave`,
// and their outcome is fed back as an event, until nothing is left.
import type { SerializedError } from "../errors";
import { next, type Command, type EngineEvent } from "../interpreter";
import type { RunState, StepInput } from "../state";
import type { GraphIndex } from "../topology";

export type Outcome = { output: unknown; handle?: string } | { error: SerializedError };

export interface StepCall {
  nodeId: string;
  scope: string;
  attempt: number;
  input: StepInput;
}

export interface TraceEntry {
  kind: "run" | "succeeded" | "failed" | "skipped";
  nodeId: string;
  scope: string;
  attempt?: number;
  delayMs?: number;
}

export interface SimulationResult {
  state: RunState;
  trace: TraceEntry[];
  finish?: Extract<Command, { type: "finish" }>;
  /** Commands issued after the execution finished (must be none). */
  lateCommands: Command[];
  steps: number;
}

export interface SimulateOptions {
  behave(call: StepCall): Outcome;
  /** Index into the pending queue to run next (for random interleavings). */
  pick?(pendingCount: number): number;
  random?(): number;
  maxSteps?: number;
  /** Fail if next() changes the state object it was given. */
  checkImmutable?: boolean;
  /** Inject an event (e.g. cancel) before the n-th step. */
  interrupt?: { beforeStep: number; event: EngineEvent };
}

export function simulate(index: GraphIndex, triggerNodeId: string, opts: SimulateOptions): SimulationResult {
  const trace: TraceEntry[] = [];
  const pending: Array<Extract<Command, { type: "enqueue" }>> = [];
  const lateCommands: Command[] = [];
  let finish: SimulationResult["finish"];
  let state: RunState | undefined;
  const applyEvent = (ev: EngineEvent) => {
    const before = opts.checkImmutable && state ? JSON.stringify(state) : undefined;
    const r = next(index, state, ev);
    if (before !== undefined && JSON.stringify(state) !== before) throw new Error(`next() mutated its input state on ${ev.type}`);
    state = r.state;
    for (const c of r.commands) {
      if (finish) lateCommands.push(c);
      if (c.type === "enqueue") pending.push(c);
      else if (c.type === "skip") trace.push({ kind: "skipped", nodeId: c.nodeId, scope: c.scope });
      else finish = c;
    }
  };
  applyEvent({ type: "start", triggerNodeId });
  let steps = 0;
  const max = opts.maxSteps ?? 10_000;
  while (pending.length > 0 && !finish && steps < max) {
    if (opts.interrupt && steps === opts.interrupt.beforeStep) applyEvent(opts.interrupt.event);
    if (finish) break;
    const i = opts.pick ? opts.pick(pending.length) : 0;
    const cmd = pending.splice(i, 1)[0]!;
    steps++;
    trace.push({ kind: "run", nodeId: cmd.nodeId, scope: cmd.scope, attempt: cmd.attempt, delayMs: cmd.delayMs });
    const outcome = opts.behave({ nodeId: cmd.nodeId, scope: cmd.scope, attempt: cmd.attempt, input: cmd.input });
    if ("error" in outcome) {
      trace.push({ kind: "failed", nodeId: cmd.nodeId, scope: cmd.scope, attempt: cmd.attempt });
      applyEvent({ type: "step.failed", nodeId: cmd.nodeId, scope: cmd.scope, attempt: cmd.attempt, error: outcome.error, input: cmd.input, random: opts.random?.() ?? 0.5 });
    } else {
      trace.push({ kind: "succeeded", nodeId: cmd.nodeId, scope: cmd.scope, attempt: cmd.attempt });
      applyEvent({ type: "step.succeeded", nodeId: cmd.nodeId, scope: cmd.scope, output: outcome.output, handle: outcome.handle });
    }
  }
  return { state: state!, trace, finish, lateCommands, steps };
}

/** "node@scope" for each run entry, in order; handy for table assertions. */
export function runOrder(trace: TraceEntry[]): string[] {
  return trace.filter((t) => t.kind === "succeeded" || t.kind === "failed").map((t) => `${t.nodeId}${t.scope ? `@${t.scope}` : ""}${t.kind === "failed" ? "!" : ""}`);
}
