import "server-only";
import { getAppDb } from "./app-db";
import { assertEncryptionKeyConfigured } from "./services/credentials-keys";
import { getAppRegistry } from "./app-registry";
import { startWorker, type WorkerHandle } from "./runtime/worker";
import { runDueSchedules } from "./services/schedules";
import { startMonitoringJobs } from "./monitoring/jobs";

const g = globalThis as unknown as { __switchyardWorker?: WorkerHandle };

/**
 * Runs once per server process: migrations, then the built-in worker (the embedded set-up needs
 * nothing else; with Postgres, `npm run worker` processes may run beside it). Set
 * SWITCHYARD_WORKER=off to serve the UI and webhooks only.
 */
export async function startServerBackground(): Promise<void> {
  // With PostgreSQL the credentials key must come from the environment: fail now, clearly.
  assertEncryptionKeyConfigured();
  const handle = await getAppDb();
  console.log(`Switchyard: database ready (${handle.driver === "pg" ? "PostgreSQL" : "embedded PGlite"})`);
  if (process.env.SWITCHYARD_WORKER === "off" || g.__switchyardWorker) return;
  const worker = startWorker({ db: handle.db, registry: getAppRegistry(handle.db) });
  g.__switchyardWorker = worker;
  console.log(`Switchyard: built-in worker ${worker.id} started`);
  // Schedules: every process may run this; ticks are unique, so each runs once.
  const scheduler = setInterval(() => {
    runDueSchedules(handle.db, getAppRegistry(handle.db)).catch((e: unknown) => console.error("Switchyard scheduler:", e));
  }, 15_000);
  scheduler.unref();
  // Failure filing, SLA checks, alerts and retention pruning; safe to run in every process.
  const monitoring = startMonitoringJobs(handle.db);
  // Demo workspace (README: "Try the demo"): after the worker, so the sample leads run at once.
  if (process.env.SWITCHYARD_DEMO === "1") {
    const { startDemoInApp } = await import("./demo/start");
    await startDemoInApp(handle.db).catch((e: unknown) => console.error("Switchyard demo set-up failed:", e));
  }
  const shutdown = () => {
    clearInterval(scheduler);
    monitoring.stop();
    void worker.stop({ graceMs: 10_000 }).finally(() => process.exit(0));
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}
