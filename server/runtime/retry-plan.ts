// Retry from the failed step, in the engine's own terms: the interpreter's state is rebuilt by
// replaying the failed run's step journal through next(), starting from "start". Completed steps
// are fed as the events they were; the final, unhandled failures (and the steps canceled when the
// run failed) are NOT fed, so the rebuilt state still counts them in flight: those are exactly the
// steps to run again. The journal may be replayed on a fixed graph (same node ids). Pure.
import type { GraphIndex } from "@/server/engine/topology";
import { next, type Command } from "@/server/engine/interpreter";
import { ERROR_HANDLE } from "@/server/engine/node-spec";
import type { SerializedError } from "@/server/engine/errors";
import type { RunState, StepInput } from "@/server/engine/state";

export interface JournalRow {
  id: number;
  nodeId: string;
  scope: string;
  attempt: number;
  status: string;
  input: StepInput | null;
  output: unknown;
  handle: string | null;
  error: SerializedError | null;
  finishedAt: Date | null;
}

export interface RetryStep {
  nodeId: string;
  scope: string;
  attempt: number;
  input: StepInput;
}

export type RetryPlan =
  | {
      ok: true;
      state: RunState;
      /** Steps to run again (the interpreter's own attempt numbers). */
      steps: RetryStep[];
      /** Journal rows the rebuilt state includes: they are kept as they are. */
      keptRowIds: number[];
      /** Nodes the replay marked as skipped (dead paths), as `${scope}|${nodeId}`. */
      skipped: string[];
    }
  | { ok: false; reason: string };

const keyOf = (nodeId: string, scope: string) => `${scope}|${nodeId}`;

/** Whether a final failure of this node was routed on (error handle or "continue") rather than failing its scope. */
function failureIsHandled(ix: GraphIndex, nodeId: string): boolean {
  const node = ix.nodes.get(nodeId);
  const spec = ix.specs.get(nodeId);
  if (!node || !spec) return false;
  const errorEdge = (ix.outgoing.get(nodeId) ?? []).some((e) => e.sourceHandle === ERROR_HANDLE);
  return (spec.canFail && errorEdge) || node.onError === "continue";
}

export function planRetry(ix: GraphIndex, triggerNodeId: string, journal: JournalRow[]): RetryPlan {
  const pending = new Map<string, RetryStep>();
  const skipped = new Set<string>();
  const kept: number[] = [];
  let state: RunState | undefined;
  const absorb = (r: { state: RunState; commands: Command[] }) => {
    state = r.state;
    for (const c of r.commands) {
      if (c.type === "enqueue") pending.set(keyOf(c.nodeId, c.scope), { nodeId: c.nodeId, scope: c.scope, attempt: c.attempt, input: c.input });
      else if (c.type === "skip") skipped.add(keyOf(c.nodeId, c.scope));
    }
  };
  absorb(next(ix, undefined, { type: "start", triggerNodeId }));

  const maxAttempt = new Map<string, number>();
  for (const r of journal) {
    const k = keyOf(r.nodeId, r.scope);
    maxAttempt.set(k, Math.max(maxAttempt.get(k) ?? 0, r.attempt));
  }
  // Completion order: the commit time, then insertion order (a chain of pure steps shares one commit).
  const rows = journal
    .filter((r) => r.status === "succeeded" || r.status === "failed")
    .sort((a, b) => (a.finishedAt?.getTime() ?? Infinity) - (b.finishedAt?.getTime() ?? Infinity) || a.id - b.id);

  // Feed rows the state expects; a row whose step is not in flight yet waits for a later pass.
  let left = rows;
  for (let progress = true; progress && left.length > 0; ) {
    progress = false;
    const deferred: JournalRow[] = [];
    for (const r of left) {
      const k = keyOf(r.nodeId, r.scope);
      if (!pending.has(k) || !ix.nodes.has(r.nodeId)) {
        deferred.push(r);
        continue;
      }
      if (r.status === "failed") {
        const isLast = (maxAttempt.get(k) ?? 0) === r.attempt;
        if (isLast && !failureIsHandled(ix, r.nodeId)) continue; // the step to run again
        const res = next(ix, state, { type: "step.failed", nodeId: r.nodeId, scope: r.scope, attempt: r.attempt, error: r.error ?? { message: "failed" }, input: r.input ?? { from: [] }, random: 0.5 });
        // An earlier attempt the engine did not retry was followed by a manual retry: superseded.
        if (!isLast && !res.commands.some((c) => c.type === "enqueue" && keyOf(c.nodeId, c.scope) === k)) continue;
        pending.delete(k);
        kept.push(r.id);
        absorb(res);
      } else {
        pending.delete(k);
        kept.push(r.id);
        absorb(next(ix, state, { type: "step.succeeded", nodeId: r.nodeId, scope: r.scope, output: r.output, handle: r.handle ?? undefined }));
      }
      progress = true;
      if (state!.status !== "running") return { ok: false, reason: "Replaying the completed steps on this version of the workflow ends the run, so there is nothing to retry. Replay the whole run instead." };
    }
    left = deferred;
  }
  // Completed steps the rebuilt run never reaches (e.g. later loop items after a failed one)
  // would collide with their old rows when the engine schedules them again.
  const stranded = left.filter((r) => r.status === "succeeded");
  if (stranded.length > 0) {
    const names = [...new Set(stranded.map((r) => ix.nodes.get(r.nodeId)?.name ?? r.nodeId))].slice(0, 3).join(", ");
    return { ok: false, reason: `Steps that ran after the failure (${names}) cannot be kept in order on this version. Replay the whole run instead.` };
  }
  const steps = [...pending.values()];
  if (steps.length === 0) return { ok: false, reason: "No step is left to run: every step of this run completed." };
  return { ok: true, state: state!, steps, keptRowIds: kept, skipped: [...skipped] };
}
