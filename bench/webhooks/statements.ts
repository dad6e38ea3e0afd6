// Where intake time goes, by round trips: statements and commits per request, per mode, on
// PostgreSQL (counted at the driver), with the latency of each phase at concurrency 10. Under load
// intake commits events in batches, so these are averages over a batch.
//   TEST_DATABASE_URL=… node --conditions=react-server --import tsx bench/webhooks/statements.ts
// Add --cpu-prof to node's flags for a CPU profile of the same load.
import pg from "pg";
import { createDb } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { startWorker } from "@/server/runtime/worker";
import { progressBus } from "@/server/runtime/progress";
import { startWebhookServer } from "@/server/services/testing/webhook-server";
import { respondFlow, acceptFlow, registry, setup } from "./flows";
import { runMain } from "../report";

let statements = 0;
let commits = 0;
const original = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++;
  const cfg = args[0] as { text?: string; name?: string } | string | undefined;
  const text = typeof cfg === "string" ? cfg : cfg?.text;
  // A batched intake statement commits on its own (docs/decisions/0304).
  if ((text && /^\s*commit\b/i.test(text)) || (typeof cfg === "object" && cfg?.name?.startsWith("sy_start_"))) commits++;
  return original.apply(this, args);
} as typeof pg.Client.prototype.query;


async function phase(label: string, url: string, total: number, concurrency: number) {
  const s0 = statements;
  const c0 = commits;
  let next = 0;
  const lat: number[] = [];
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t = performance.now();
        const body = JSON.stringify({ name: i % 20 === 7 ? "" : `Lead ${i}`, email: i % 20 === 7 ? "x" : `l${i}@example.com`, employees: (i * 37) % 120 });
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body });
        await res.arrayBuffer();
        lat.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  console.log(
    `${label}: ${((statements - s0) / total).toFixed(1)} statements/request, ${((commits - c0) / total).toFixed(2)} commits/request, ${Math.round(total / secs)}/s, p50 ${lat[Math.floor(total / 2)]!.toFixed(1)} ms, p99 ${lat[Math.floor(total * 0.99)]!.toFixed(1)} ms`,
  );
}

async function main() {
  const scratch = await createScratchDatabase();
  const handle = await createDb({ url: scratch.url, poolSize: 60 });
  await migrateDb(handle);
  const accept = await setup(handle, acceptFlow());
  const respond = await setup(handle, respondFlow());
  const server = await startWebhookServer(handle.db, { catalog: registry });
  try {
    await phase("202 warm-up", `${server.url}/api/hooks/${accept}`, 50, 10);
    await phase("202, c10", `${server.url}/api/hooks/${accept}`, 300, 10);
    const worker = startWorker({ db: handle.db, registry, options: { concurrency: 64 } });
    await phase("respond warm-up", `${server.url}/api/hooks/${respond}`, 50, 10);
    await phase("respond, c10 (incl. worker)", `${server.url}/api/hooks/${respond}`, 200, 10);
    await worker.stop({ graceMs: 5000 });
  } finally {
    await server.close();
    await progressBus(handle.db).close();
    await handle.close();
    await scratch.drop();
  }
}

runMain(main);
