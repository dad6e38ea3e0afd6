// The senders of bench/webhooks (run.ts, app-server.ts): load-worker.mjs in a worker thread, with
// rates, latency percentiles and CPU time per request.
import fs from "node:fs";
import { Worker } from "node:worker_threads";
import { percentile } from "../report";

/** CPU time (ms) used so far by all postgres processes on this machine (/proc, clock ticks of 10 ms). */
function postgresCpuMs(): number {
  let ticks = 0;
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      if (!st.includes("(postgres)")) continue;
      const f = st.slice(st.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10;
}

/**
 * Runs the senders in a worker thread (load-worker.mjs): the server's event loop does only the
 * server's work. Also reports CPU time per request (this process, senders included; and
 * Postgres), which unlike throughput does not depend on what else the machine is doing.
 */
export async function load(url: string, total: number, concurrency: number) {
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuMs();
  const r = await new Promise<{ latencies: number[]; statuses: Record<string, number>; seconds: number }>((resolve, reject) => {
    const w = new Worker(new URL("./load-worker.mjs", import.meta.url), { workerData: { url, total, concurrency } });
    w.once("message", resolve);
    w.once("error", reject);
  });
  const cpu = process.cpuUsage(cpu0);
  const latencies = r.latencies.sort((a, b) => a - b);
  return {
    requests: total,
    perSecond: Math.round(total / r.seconds),
    p50Ms: +percentile(latencies, 50).toFixed(1),
    p99Ms: +percentile(latencies, 99).toFixed(1),
    statuses: r.statuses,
    nodeCpuMsPerRequest: +((cpu.user + cpu.system) / 1000 / total).toFixed(2),
    postgresCpuMsPerRequest: +((postgresCpuMs() - pg0) / total).toFixed(2),
  };
}
