// bench/webhooks: webhook intake through the real intake service over real HTTP (node:http, not
// the Next.js server), with the real engine worker in the same process.
//   node --conditions=react-server --import tsx bench/webhooks/run.ts [--quick]
// 1. Accepted webhooks/s in answer-at-once mode (202): each request's inbox row and execution are
//    committed before the answer. The worker is stopped during this phase, so it measures intake.
// 2. Respond mode: the 5-step flow (webhook → validate → normalize → segment → build → respond),
//    ~5% invalid bodies answered 422; requests/s and latency p50/p99 at concurrency 1, 10, 50.
import os from "node:os";
import { createDb } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { startWorker } from "@/server/runtime/worker";
import { progressBus } from "@/server/runtime/progress";
import { startWebhookServer } from "@/server/services/testing/webhook-server";
import { machineLine, writeResults, writeSection, runMain } from "../report";
import { load } from "./senders";
import { respondFlow, acceptFlow, backlogDrained, registry, setup } from "./flows";

const quick = process.argv.includes("--quick");
// --profile: PostgreSQL only, the 202 phase at 50 and respond at 10, nothing written (for --cpu-prof).
const profile = process.argv.includes("--profile");
const CONCURRENCY = profile ? [] : [1, 10, 50];

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
    await load(`${server.url}/api/hooks/${acceptToken}`, 200, 5); // warm-up (JIT, prepared statements)
    for (const c of CONCURRENCY) accept[`c${c}`] = await load(`${server.url}/api/hooks/${acceptToken}`, quick ? 200 : c === 1 ? 500 : 3000, c);
    if (profile && !process.argv.includes("--respond-only")) accept.c50 = await load(`${server.url}/api/hooks/${acceptToken}`, 6000, 50);
    out.accept202 = accept;
    // Profiling measures intake alone, like app-server.ts (this flow ends in memory: no worker needed).
    const worker = profile ? undefined : startWorker({ db: handle.db, registry, options: { concurrency: 64 } });
    try {
      // The worker first runs what the 202 phase accepted: the respond phase measures respond mode alone.
      if (worker) out.backlogDrainedSeconds = await backlogDrained(handle.db);
      await load(`${server.url}/api/hooks/${respondToken}`, 200, 5); // warm-up
      const respond: Record<string, unknown> = {};
      for (const c of CONCURRENCY) respond[`c${c}`] = await load(`${server.url}/api/hooks/${respondToken}`, quick ? 100 : c === 1 ? 300 : 3000, c);
      if (profile) respond.c10 = await load(`${server.url}/api/hooks/${respondToken}`, 4000, 10);
      out.respond = respond;
    } finally {
      await worker?.stop({ graceMs: 5000 });
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
  const results: Record<string, unknown> = { machine: machineLine(), date: new Date().toISOString(), quick, loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)) };
  if (process.env.TEST_DATABASE_URL) results.postgres = await measure("pg");
  if (profile) return console.log(JSON.stringify(results, null, 2));
  results.pglite = await measure("pglite");
  results.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  writeResults("webhooks", results);
  type Phase = { perSecond: number; p50Ms: number; p99Ms: number; statuses: Record<string, number>; nodeCpuMsPerRequest: number; postgresCpuMsPerRequest: number };
  const cpu = (p: Phase | undefined, pg: boolean) => (p ? `${p.nodeCpuMsPerRequest}${pg ? ` + ${p.postgresCpuMsPerRequest}` : ""}` : "–");
  const rows = (label: string, r: Record<string, Record<string, Phase>> | undefined, pg: boolean) =>
    r
      ? CONCURRENCY.map((c) => {
          const a = r.accept202?.[`c${c}`];
          const s = r.respond?.[`c${c}`];
          return `| ${label} | ${c} | ${a?.perSecond ?? "–"} | ${a?.p99Ms ?? "–"} | ${cpu(a, pg)} | ${s?.perSecond ?? "–"} | ${s?.p50Ms ?? "–"} | ${s?.p99Ms ?? "–"} | ${cpu(s, pg)} | ${s ? JSON.stringify(s.statuses) : ""} |`;
        }).join("\n")
      : "";
  writeSection(
    "webhooks",
    `## Webhook intake (bench/webhooks)

Set-up: ${results.machine as string}; run ${results.date as string}; load average (1/5/15 min) ${(results.loadAverageAtStart as number[]).join(" / ")} at the start, ${(results.loadAverageAtEnd as number[]).join(" / ")} at the end. The intake service behind a plain node:http server on
127.0.0.1 (the same node:http path as the app's server, without Next.js; run from TypeScript through tsx) with the engine worker in the same process; PostgreSQL 15 on the same machine; the senders
(a minimal HTTP/1.1 client over raw keep-alive sockets, one connection each) in a worker thread of the same process, sharing the same 2 cores.
"202 accepted/s": answer-at-once mode, the inbox row, the execution and its first step committed before each answer; worker
stopped, so past the workflow's limit (1,000 running) new executions are stored queued.
"respond": the 5-step flow (webhook → If valid → Set normalize → If segment → Set result → Respond), 5% invalid bodies answered 422,
every step persisted: the pure steps run in memory at intake and are committed with the execution, already finished, in the
batch's one statement (docs/decisions/0304). The respond phase starts once the worker has run the executions the 202 phase
accepted (PostgreSQL ${(results.postgres as { backlogDrainedSeconds?: number } | undefined)?.backlogDrainedSeconds ?? "–"} s, PGlite ${(results.pglite as { backlogDrainedSeconds?: number }).backlogDrainedSeconds ?? "–"} s), so they do not compete with it.

"CPU ms/req": CPU time per request of the Node process (server and senders) + Postgres (all its processes); unlike the
rates, it does not depend on what else the machine was doing. The two cores give 2,000 ms of CPU per second in all.

| database | concurrency | 202 accepted/s | 202 p99 ms | 202 CPU ms/req | respond req/s | respond p50 ms | respond p99 ms | respond CPU ms/req | statuses |
|---|---|---|---|---|---|---|---|---|---|
${rows("PostgreSQL", results.postgres as never, true)}
${rows("PGlite", results.pglite as never, false)}
`,
  );
  console.log(JSON.stringify(results, null, 2));
}

runMain(main);
