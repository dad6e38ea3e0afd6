// `npm run worker`: a standalone worker process against the Postgres at DATABASE_URL.
// SIGTERM/SIGINT: stop claiming, let running steps finish (grace period), release the rest, exit.
// The node types are the app's (server/app-registry.ts), so this worker runs what the app runs.
// Env: DATABASE_URL (required), WORKER_CONCURRENCY, WORKER_POOL_SIZE, WORKER_LEASE_MS, WORKER_GRACE_MS, WORKER_ID.
import "./allow-server-only";
import { createDb } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import type { NodeExecutor } from "@/server/nodes/executor";
import { createAppRegistry, getAppRegistry } from "@/server/app-registry";
import { assertEncryptionKeyConfigured } from "@/server/services/credentials-keys";
import { startWorker } from "./worker";
import { startMonitoringJobs } from "@/server/monitoring/jobs";
import { runDueSchedules } from "@/server/services/schedules";
import { progressBus } from "./progress";
import type { RuntimeOptions } from "./options";

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (!v) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

export async function main(extraExecutors: readonly NodeExecutor[] = []): Promise<void> {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) {
    console.error("npm run worker needs DATABASE_URL: the embedded database (PGlite) belongs to the app process, whose built-in worker already runs.");
    process.exit(2);
  }
  // Credentials must decrypt in this process too: fail at start, not at the first HTTP step.
  assertEncryptionKeyConfigured();
  const concurrency = envInt("WORKER_CONCURRENCY") ?? 16;
  // Few connections suffice: at most two commits are in flight, and other queries queue briefly.
  const handle = await createDb({ url, poolSize: envInt("WORKER_POOL_SIZE") ?? 12 });
  await migrateDb(handle);
  const options: Partial<RuntimeOptions> = { concurrency };
  const leaseMs = envInt("WORKER_LEASE_MS");
  if (leaseMs) options.leaseMs = leaseMs;
  const worker = startWorker({ db: handle.db, registry: extraExecutors.length ? createAppRegistry(handle.db, extraExecutors) : getAppRegistry(handle.db), options, id: process.env.WORKER_ID });
  // The periodic jobs are safe in every process (ticks and incidents are claimed under unique keys).
  const monitoring = startMonitoringJobs(handle.db);
  const scheduler = setInterval(() => {
    runDueSchedules(handle.db, getAppRegistry(handle.db)).catch((e: unknown) => console.error("Switchyard scheduler:", e));
  }, 15_000);
  scheduler.unref();
  console.log(`Switchyard worker ${worker.id} started (pid ${process.pid}, concurrency ${concurrency})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`Switchyard worker ${worker.id}: ${signal}, finishing running steps`);
    clearInterval(scheduler);
    monitoring.stop();
    await worker.stop({ graceMs: envInt("WORKER_GRACE_MS") ?? 20_000 });
    await progressBus(handle.db).close();
    await handle.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

// Run when executed directly (not when imported by a test worker that adds node types).
if (process.argv[1] && /worker-main\.ts$/.test(process.argv[1])) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
