// The monitoring job every server and worker process may run: file failures for the error
// dashboard, roll finished executions up per hour for its charts, evaluate SLA monitors,
// evaluate alerts (deduplicated across processes), prune old executions. Each part is safe to
// run concurrently in several processes.
import type { Db } from "@/db/client";
import { evaluateAlerts } from "./alerts-evaluate";
import type { DeliveryDeps } from "./alert-delivery";
import { fileFailures } from "./failures";
import { evaluateSlaMonitors } from "./sla-evaluate";
import { pruneExecutions } from "./retention-prune";
import { rollupExecutionStats } from "./stats-rollup";

export async function runMonitoringPass(db: Db, now: Date, deps: DeliveryDeps = {}) {
  const filed = await fileFailures(db, now);
  await rollupExecutionStats(db);
  const monitors = await evaluateSlaMonitors(db, now);
  const alerts = await evaluateAlerts(db, now, deps);
  return { filed, monitors, alerts };
}

export interface MonitoringJobsHandle {
  stop(): void;
}

/**
 * Starts the periodic monitoring pass (default every 30 s) and pruning (every 10 min).
 * Call once per process: `startMonitoringJobs(db)`.
 */
export function startMonitoringJobs(db: Db, opts: { everyMs?: number; pruneEveryMs?: number; log?: (m: string, e: unknown) => void } = {}): MonitoringJobsHandle {
  const log = opts.log ?? ((m, e) => console.error(m, e));
  let running = false;
  const pass = setInterval(() => {
    if (running) return;
    running = true;
    runMonitoringPass(db, new Date())
      .catch((e: unknown) => log("Switchyard monitoring:", e))
      .finally(() => (running = false));
  }, opts.everyMs ?? 30_000);
  const prune = setInterval(() => {
    pruneExecutions(db, new Date()).catch((e: unknown) => log("Switchyard retention:", e));
  }, opts.pruneEveryMs ?? 10 * 60_000);
  pass.unref();
  prune.unref();
  return {
    stop() {
      clearInterval(pass);
      clearInterval(prune);
    },
  };
}
