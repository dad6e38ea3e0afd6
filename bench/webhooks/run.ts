// bench/webhooks: webhook intake through the real intake service over real HTTP (node:http, not
// the Next.js server), with the real engine worker in the same process.
//   node --conditions=react-server --import tsx bench/webhooks/run.ts [--quick]
// 1. Accepted webhooks/s in answer-at-once mode (202): each request's inbox row and execution are
//    committed before the answer. The worker is stopped during this phase, so it measures intake.
// 2. Respond mode: the 5-step flow (webhook → validate → normalize → segment → build → respond),
//    ~5% invalid bodies answered 422; requests/s and latency p50/p99 at concurrency 1, 10, 50.
import { createDb } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { startWorker } from "@/server/runtime/worker";
import { progressBus } from "@/server/runtime/progress";
import { startWebhookServer } from "@/server/services/testing/webhook-server";
import { machineLine, percentile, writeResults, writeSection } from "../report";
import { respondFlow, acceptFlow, registry, setup } from "./flows";

const quick = process.argv.includes("--quick");
const CONCURRENCY = [1, 10, 50];

function body(i: number): string {
  const invalid = i % 20 === 7; // 5%
  return JSON.stringify({ name: invalid ? "" : `  Lead ${i} `, email: invalid ? "no-at-sign" : ` Lead${i}@Example.COM `, employees: (i * 37) % 120 });
}

async function load(url: string, total: number, concurrency: number) {
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: body(i) });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { requests: total, perSecond: Math.round(total / seconds), p50Ms: +percentile(latencies, 50).toFixed(1), p99Ms: +percentile(latencies, 99).toFixed(1), statuses: Object.fromEntries(statuses) };
}

async function measure(driver: "pg" | "pglite") {
  const scratch = driver === "pg" ? await createScratchDatabase() : null;
  const handle = await createDb(scratch ? { url: scratch.url, poolSize: 60 } : {});
  await migrateDb(handle);
  const acceptToken = await setup(handle, acceptFlow());
  const respondToken = await setup(handle, respondFlow());
  const server = await startWebhookServer(handle.db, { catalog: registry });
  const out: Record<string, unknown> = {};
  try {
    const accept: Record<string, unknown> = {};
    for (const c of CONCURRENCY) accept[`c${c}`] = await load(`${server.url}/api/hooks/${acceptToken}`, quick ? 200 : c === 1 ? 200 : c === 10 ? 500 : 1000, c);
    out.accept202 = accept;
    const worker = startWorker({ db: handle.db, registry, options: { concurrency: 64 } });
    try {
      await load(`${server.url}/api/hooks/${respondToken}`, 50, 5); // warm-up
      const respond: Record<string, unknown> = {};
      for (const c of CONCURRENCY) respond[`c${c}`] = await load(`${server.url}/api/hooks/${respondToken}`, quick ? 100 : c === 1 ? 100 : c === 10 ? 300 : 500, c);
      out.respond = respond;
    } finally {
      await worker.stop({ graceMs: 5000 });
    }
  } finally {
    await server.close();
    await progressBus(handle.db).close();
    await handle.close();
    await scratch?.drop();
  }
  return out;
}

async function main() {
  const results: Record<string, unknown> = { machine: machineLine(), date: new Date().toISOString(), quick };
  if (process.env.TEST_DATABASE_URL) results.postgres = await measure("pg");
  results.pglite = await measure("pglite");
  writeResults("webhooks", results);
  const rows = (label: string, r: Record<string, Record<string, { perSecond: number; p50Ms: number; p99Ms: number; statuses: Record<string, number> }>> | undefined) =>
    r
      ? CONCURRENCY.map((c) => {
          const a = r.accept202?.[`c${c}`];
          const s = r.respond?.[`c${c}`];
          return `| ${label} | ${c} | ${a?.perSecond ?? "–"} | ${a?.p99Ms ?? "–"} | ${s?.perSecond ?? "–"} | ${s?.p50Ms ?? "–"} | ${s?.p99Ms ?? "–"} | ${s ? JSON.stringify(s.statuses) : ""} |`;
        }).join("\n")
      : "";
  writeSection(
    "webhooks",
    `## Webhook intake (bench/webhooks)

Set-up: ${results.machine as string}; run ${results.date as string}. The intake service behind a plain node:http server on
127.0.0.1 (not the Next.js server) with the engine worker in the same process; PostgreSQL 15 on the same machine.
"202 accepted/s": answer-at-once mode, the inbox row and the execution committed before each answer, worker stopped.
"respond": the 5-step flow (webhook → If valid → Set normalize → If segment → Set result → Respond), 5% invalid bodies answered 422,
every step persisted (pure steps chained in one worker and committed at the end of their chain).

| database | concurrency | 202 accepted/s | 202 p99 ms | respond req/s | respond p50 ms | respond p99 ms | statuses |
|---|---|---|---|---|---|---|---|
${rows("PostgreSQL", results.postgres as never)}
${rows("PGlite", results.pglite as never)}
`,
  );
  console.log(JSON.stringify(results, null, 2));
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
