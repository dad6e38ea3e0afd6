// bench/webhooks through the product's own HTTP server, as `npm start` runs it (scripts/server.mjs
// over the production build, which must exist: `npm run build` or `npm start` once), posting to
// /api/hooks/<token> on PostgreSQL. 202 mode with the worker off (intake alone); respond mode with
// the worker on, as deployed. Same flows and senders as run.ts; concurrency 10 and 50.
// `--next-route` sends webhooks through Next.js's route handler instead (`next start`);
// `--respond-only` runs the respond phase and prints it without writing results.
//   TEST_DATABASE_URL=… node --conditions=react-server --import tsx bench/webhooks/app-server.ts [--next-route]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { machineLine, writeResults, writeSection, runMain } from "../report";
import { load } from "./senders";
import { acceptFlow, backlogDrained, respondFlow, setup } from "./flows";

const root = path.resolve(import.meta.dirname, "../..");
const PORT = 3917;
const viaNext = process.argv.includes("--next-route");
// `--respond-only`: the respond phase alone, printed and not written (for profiling and trying changes).
const respondOnly = process.argv.includes("--respond-only");

/** CPU time (ms) the process has used so far (/proc, clock ticks of 10 ms). */
function processCpuMs(pid: number): number {
  const st = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** The senders' figures plus the server process's CPU time per request. */
async function measured(pid: number, url: string, total: number, concurrency: number) {
  const before = processCpuMs(pid);
  const r = await load(url, total, concurrency);
  return { ...r, serverCpuMsPerRequest: +((processCpuMs(pid) - before) / total).toFixed(2) };
}

async function waitHealthy(base: string) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("The app did not start");
}

async function main() {
  if (!fs.existsSync(path.join(root, ".next", "BUILD_ID"))) throw new Error("Build the app first (npm run build)");
  const scratch = await createScratchDatabase();
  const handle = await createDb({ url: scratch.url });
  await migrateDb(handle);
  const accept = await setup(handle, acceptFlow());
  const respond = await setup(handle, respondFlow());
  await handle.close();
  const command = viaNext ? [path.join(root, "node_modules/next/dist/bin/next"), "start", "-p", String(PORT)] : [path.join(root, "scripts/server.mjs")];
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server alone.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  /** One server per phase: 202 mode measures intake (worker off, as in run.ts); respond mode runs as `npm start` does, worker on. */
  const startServer = async (worker: "on" | "off") => {
    const child = spawn(process.execPath, [...nodeArgs, ...command], {
      cwd: root,
      // A throwaway database: a throwaway credentials key.
      env: { ...process.env, PORT: String(PORT), DATABASE_URL: scratch.url, NODE_ENV: "production", SWITCHYARD_ENCRYPTION_KEY: randomBytes(32).toString("base64"), SWITCHYARD_WORKER: worker },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const stop = async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    };
    await waitHealthy(base).catch(async (e: unknown) => {
      await stop();
      throw e;
    });
    return { pid: child.pid!, stop };
  };
  const base = `http://127.0.0.1:${PORT}`;
  const results: Record<string, unknown> = { machine: machineLine(), date: new Date().toISOString(), server: viaNext ? "next start" : "scripts/server.mjs", loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)) };
  try {
    if (!respondOnly) {
      const server = await startServer("off");
      try {
        await load(`${base}/api/hooks/${accept}`, 300, 5); // warm-up
        results.accept202 = { c10: await measured(server.pid, `${base}/api/hooks/${accept}`, 3000, 10), c50: await measured(server.pid, `${base}/api/hooks/${accept}`, 3000, 50) };
      } finally {
        await server.stop();
      }
    }
    const server = await startServer("on");
    try {
      // The worker first runs what the 202 phase accepted: the respond phase measures respond mode alone.
      const probe = await createDb({ url: scratch.url, poolSize: 1 });
      results.backlogDrainedSeconds = await backlogDrained(probe.db).finally(() => probe.close());
      await load(`${base}/api/hooks/${respond}`, 300, 5);
      results.respond = { c10: await measured(server.pid, `${base}/api/hooks/${respond}`, 3000, 10), c50: await measured(server.pid, `${base}/api/hooks/${respond}`, 3000, 50) };
    } finally {
      await server.stop();
    }
  } finally {
    await scratch.drop();
  }
  results.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  if (respondOnly) return void console.log(JSON.stringify(results, null, 2));
  const area = viaNext ? "webhooks-next" : "webhooks-app";
  writeResults(area, results);
  type Phase = { perSecond: number; p50Ms: number; p99Ms: number; statuses: Record<string, number>; serverCpuMsPerRequest: number; postgresCpuMsPerRequest: number; nodeCpuMsPerRequest: number };
  const row = (mode: string, c: string, p: Phase) =>
    `| ${mode} | ${c.slice(1)} | ${p.perSecond} | ${p.p50Ms} | ${p.p99Ms} | ${p.serverCpuMsPerRequest} + ${p.postgresCpuMsPerRequest} + ${p.nodeCpuMsPerRequest} | ${JSON.stringify(p.statuses)} |`;
  const a = results.accept202 as Record<string, Phase>;
  const s = results.respond as Record<string, Phase>;
  writeSection(
    area,
    `## Webhook intake through ${viaNext ? "Next.js's route handler (`next start`)" : "the app's server (`npm start`)"} (bench/webhooks/app-server.ts${viaNext ? " --next-route" : ""})

Set-up: ${results.machine as string}; run ${results.date as string}; load average ${(results.loadAverageAtStart as number[]).join(" / ")} at the start,
${(results.loadAverageAtEnd as number[]).join(" / ")} at the end. ${viaNext ? "`next start`: webhooks through the /api/hooks route handler" : "scripts/server.mjs, as `npm start` runs it: webhooks on the direct node:http path, pages through Next.js"}
(production build), PostgreSQL 15 on the same machine; 202 mode with the worker off (intake alone), respond mode with it on, as \`npm start\` runs, after it had run the executions the 202 phase accepted (${results.backlogDrainedSeconds as number} s); the same flows and senders as above, posting to /api/hooks/<token>.
"CPU ms/req": the server process + Postgres + the senders (another process), per request.

| mode | concurrency | req/s | p50 ms | p99 ms | CPU ms/req | statuses |
|---|---|---|---|---|---|---|
${Object.entries(a)
  .map(([c, p]) => row("202", c, p))
  .join("\n")}
${Object.entries(s)
  .map(([c, p]) => row("respond", c, p))
  .join("\n")}
`,
  );
  console.log(JSON.stringify(results, null, 2));
}

runMain(main);
