// Runs a fresh execution's first steps in the process that created it (the webhook intake in
// respond mode), so the answer does not wait for a worker's poll or a notification round trip.
// The steps were inserted already leased to this process (claim on insert, 0102), so no worker
// takes them meanwhile; each outcome is committed, fenced by its lease, before it counts. If this
// process dies, the leases expire and any worker re-claims the steps (0101): the guarantees are
// the worker's. Only pure steps run here. A side-effecting step, or anything left when the time is
// up, is given back to the queue at once (without counting a worker loss).
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import type { NodeRegistry } from "@/server/nodes/registry";
import { runClaimedWithChain, isPureAction } from "./chain";
import { commitStep } from "./commit";
import { executionInfo } from "./execute";
import { loadGraph } from "./graph-store";
import { runtimeOptions, type RuntimeOptions } from "./options";
import { progressBus } from "./progress";
import { releaseStep, type ClaimedStep } from "./queue";
import type { RuntimeContext } from "./context";
import type { LocalClaim } from "./apply";

/** One lease owner per process for inline runs (reclaim and fencing treat it like a worker). */
const INLINE_OWNER = `inline-${randomUUID()}`;
/** Steps of one execution run inline at most; a longer flow continues on the workers. */
const MAX_INLINE_STEPS = 20;

export function inlineContext(db: Db, registry: NodeRegistry, options: Partial<RuntimeOptions> = {}): RuntimeContext {
  return { db, registry, options: runtimeOptions(options), bus: progressBus(db), owner: INLINE_OWNER };
}

export function inlineClaim(rt: RuntimeContext): LocalClaim {
  return { owner: rt.owner, leaseMs: rt.options.leaseMs, max: 1 };
}

export interface CommittedOutput {
  nodeId: string;
  type: string;
  output: unknown;
}

/**
 * Runs the claimed steps and whatever each commit claims next, until none is left, a step is not
 * pure, `until()` says stop, or the deadline passes. `onCommitted` sees every step output that
 * was committed (the step and its chain), in order.
 */
export async function runInline(
  rt: RuntimeContext,
  claimed: ClaimedStep[],
  opts: { deadline: number; until?: () => boolean; onCommitted?: (o: CommittedOutput) => void },
): Promise<void> {
  const todo = [...claimed];
  let ran = 0;
  // Nothing heartbeats inline leases: stay well inside them.
  const deadline = Math.min(opts.deadline, Date.now() + rt.options.leaseMs / 2);
  while (todo.length) {
    const step = todo.shift()!;
    const stop = opts.until?.() || Date.now() >= deadline || ran >= MAX_INLINE_STEPS;
    const exec = stop ? undefined : await executionInfo(rt.db, step.executionId);
    const graph = exec ? await loadGraph(rt.db, exec.graphHash, rt.registry) : undefined;
    if (!exec || !graph || !isPureAction(graph.index, rt.registry, step.nodeId)) {
      await giveBack(rt, step, false);
      continue;
    }
    ran++;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error("Inline run took too long")), Math.max(1, deadline - Date.now()));
    try {
      const { outcome, chain } = await runClaimedWithChain({ rt, exec, graph, step, signal: controller.signal, stopping: () => false });
      if (controller.signal.aborted) {
        // Over time: let a worker run it properly (its own timeouts apply there).
        await giveBack(rt, step, false);
        continue;
      }
      const r = await commitStep(rt, step, outcome, chain, 1);
      if (r.accepted && outcome.kind === "succeeded") {
        const seen = (nodeId: string, output: unknown) => opts.onCommitted?.({ nodeId, type: graph.index.nodes.get(nodeId)?.type ?? "", output });
        seen(step.nodeId, outcome.output);
        for (const c of chain) seen(c.nodeId, c.outcome.output);
      }
      todo.push(...r.claimed);
    } catch (e) {
      // Same as a worker: give the step back now, counted as a loss so a step that always breaks
      // its runner still ends as poison.
      await giveBack(rt, step, true, e);
    } finally {
      clearTimeout(timer);
    }
  }
}

async function giveBack(rt: RuntimeContext, step: ClaimedStep, countLoss: boolean, e?: unknown): Promise<void> {
  const reason = e === undefined ? undefined : `Inline run error: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`;
  await releaseStep(rt.db, rt.owner, step, { countLoss, reason }).catch(() => {});
  // Idle workers should take it now rather than at their next poll.
  rt.bus.publish([{ type: "wake" }]);
}
