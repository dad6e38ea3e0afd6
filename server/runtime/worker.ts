// The worker loop: claim due steps, run them, commit. Runs in the app process (embedded set-up)
// or as `npm run worker`; any number of workers may share one Postgres.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { getDefaultRegistry, type NodeRegistry } from "@/server/nodes/registry";
import { runtimeOptions, type RuntimeOptions } from "./options";
import { progressBus } from "./progress";
import { claimSteps, heartbeat, reclaimExpired, releaseStep, type ClaimedStep } from "./queue";
import { executionInfo, primeExecutionInfo } from "./execute";
import { loadGraph } from "./graph-store";
import { commitBatch, commitStep, type CommitItem } from "./commit";
import { runClaimedWithChain } from "./chain";
import { sweepQueued, sweepTimeouts } from "./sweep";
import type { RuntimeContext } from "./context";

export interface WorkerOptions {
  db: Db;
  registry?: NodeRegistry;
  options?: Partial<RuntimeOptions>;
  /** Lease owner id; defaults to a random one. */
  id?: string;
  onError?: (e: unknown) => void;
}

export interface WorkerStats {
  claimed: number;
  committed: number;
  chained: number;
  refused: number;
}

export interface WorkerHandle {
  id: string;
  stats: WorkerStats;
  /** Claim now instead of waiting for the next poll. */
  wake(): void;
  /** Stops claiming, lets running steps finish for `graceMs`, releases the rest, resolves when idle. */
  stop(opts?: { graceMs?: number }): Promise<void>;
}

interface Inflight {
  step: ClaimedStep;
  controller: AbortController;
}

export function startWorker(opts: WorkerOptions): WorkerHandle {
  const options = runtimeOptions(opts.options);
  const registry = opts.registry ?? getDefaultRegistry();
  const owner = opts.id ?? `w-${randomUUID()}`;
  const rt: RuntimeContext = { db: opts.db, registry, options, bus: progressBus(opts.db), owner };
  const onError = opts.onError ?? ((e: unknown) => console.error(`[worker ${owner}]`, e));
  const stats: WorkerStats = { claimed: 0, committed: 0, chained: 0, refused: 0 };
  const inflight = new Map<number, Inflight>();
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  const wake = () => {
    const w = wakeUp;
    wakeUp = undefined;
    w?.();
  };

  const unsubscribe = rt.bus.subscribe((e) => {
    if (e.type === "wake") wake();
    else if (e.type === "execution" && (e.status === "canceled" || e.status === "failed")) {
      for (const f of inflight.values()) if (f.step.executionId === e.executionId) f.controller.abort(new Error(`Execution ${e.status}`));
    }
  });

  const spawn = (step: ClaimedStep) => {
    const controller = new AbortController();
    inflight.set(step.id, { step, controller });
    void runClaimed(step, controller.signal)
      .catch(async (e: unknown) => {
        onError(e);
        // Give the step back now (counted as a loss) rather than holding it until the lease expires.
        const reason = `Worker error: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`;
        await releaseStep(rt.db, owner, step, { countLoss: true, reason }).catch(() => {});
      })
      .finally(() => {
        inflight.delete(step.id);
        wake();
      });
  };

  async function runClaimed(step: ClaimedStep, signal: AbortSignal): Promise<void> {
    if (step.exec) primeExecutionInfo(step.exec);
    const exec = await executionInfo(rt.db, step.executionId);
    if (!exec) return;
    const graph = await loadGraph(rt.db, exec.graphHash, registry);
    const { outcome, chain } = await runClaimedWithChain({ rt, exec, graph, step, signal, stopping: () => stopping });
    const accepted = await submit({ step, outcome, chain });
    if (!accepted) {
      stats.refused++;
      return;
    }
    stats.committed++;
    stats.chained += chain.length;
  }

  // Group commit: outcomes that finish while a commit is in flight go into the next transaction.
  const MAX_BATCH = 64;
  // Two commits may be in flight: Postgres works on one while the other waits for its fsync.
  const MAX_COMMITS = 2;
  const pending: Array<{ item: CommitItem; resolve: (accepted: boolean) => void; reject: (e: unknown) => void }> = [];
  let committing = 0;
  const adopt = (claimed: ClaimedStep[]) => {
    for (const c of claimed) {
      stats.claimed++;
      spawn(c);
    }
  };
  function submit(item: CommitItem): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      void flush();
    });
  }
  async function flush(): Promise<void> {
    if (committing >= MAX_COMMITS) return;
    committing++;
    try {
      while (pending.length) {
        const batch = pending.splice(0, MAX_BATCH);
        const free = Math.max(1, options.concurrency - inflight.size + batch.length);
        try {
          const r = await commitBatch(rt, batch.map((b) => b.item), free);
          adopt(r.claimed);
          for (const b of batch) b.resolve(r.accepted.has(b.item.step.id));
        } catch (e) {
          // One bad item must not sink the others: commit them one by one.
          for (const b of batch) {
            try {
              const r = await commitStep(rt, b.item.step, b.item.outcome, b.item.chain ?? [], 1);
              adopt(r.claimed);
              b.resolve(r.accepted);
            } catch (e2) {
              b.reject(batch.length === 1 ? e : e2);
            }
          }
        }
      }
    } finally {
      committing--;
    }
  }

  const loop = (async () => {
    while (!stopping) {
      let got = 0;
      const free = options.concurrency - inflight.size;
      if (free > 0) {
        try {
          const steps = await claimSteps(rt.db, owner, free, options.leaseMs);
          got = steps.length;
          stats.claimed += got;
          steps.forEach(spawn);
        } catch (e) {
          if (!stopping) onError(e);
        }
      }
      if (stopping) break;
      if (got === 0 || got >= free) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, options.pollMs);
          wakeUp = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  })();

  const heartbeatTimer = setInterval(() => {
    const held = [...inflight.values()].map((f) => ({ id: f.step.id, leaseVersion: f.step.leaseVersion }));
    if (held.length === 0) return;
    heartbeat(rt.db, owner, held, options.leaseMs)
      .then((still) => {
        // Steps whose lease is gone (reclaimed or canceled) stop: their writes would be refused.
        for (const f of inflight.values()) if (!still.has(f.step.id) && held.some((h) => h.id === f.step.id)) f.controller.abort(new Error("Lease lost"));
      })
      .catch((e) => !stopping && onError(e));
  }, options.heartbeatMs);

  const sweepTimer = setInterval(() => {
    if (stopping) return;
    reclaimExpired(rt.db)
      .then((n) => (n > 0 ? rt.bus.publish([{ type: "wake" }]) : undefined))
      .then(() => sweepTimeouts(rt))
      .then(() => sweepQueued(rt))
      .catch((e) => !stopping && onError(e));
  }, options.sweepMs);

  return {
    id: owner,
    stats,
    wake,
    async stop({ graceMs = 10_000 } = {}) {
      if (stopping) return;
      stopping = true;
      wake();
      await loop;
      const deadline = Date.now() + graceMs;
      while (inflight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      for (const f of inflight.values()) {
        f.controller.abort(new Error("Worker stopping"));
        await releaseStep(rt.db, owner, f.step).catch(() => {});
      }
      while (inflight.size > 0) await new Promise((r) => setTimeout(r, 10));
      clearInterval(heartbeatTimer);
      clearInterval(sweepTimer);
      unsubscribe();
    },
  };
}
