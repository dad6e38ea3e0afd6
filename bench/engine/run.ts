// Engine benchmark (not a timed test): durable steps/s and executions/s for a 10-node linear graph
// and a 10-node fan-out/join graph, queue-to-finish latency, on Postgres with 1 and 2 worker
// processes and on PGlite, beside the raw commit rate of the same Postgres in the same run.
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/engine/run.ts
// Env: BENCH_EXECUTIONS (default 1000), BENCH_CONCURRENCY (steps in flight per worker, default 64).
import "@/server/runtime/allow-server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execSync } from "node:child_process";
import { createScratchDatabase } from "@/db/testing/test-db";
import { measureCommitRate } from "./commit-rate";
import { fanout10, linear10 } from "./graphs";
import { runScenario, type ScenarioResult } from "./scenario";
import { writeMarkdown } from "./report";

async function main() {
  const executions = Number(process.env.BENCH_EXECUTIONS ?? 1000);
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 64);
  const results: ScenarioResult[] = [];
  const log = (r: ScenarioResult) => {
    results.push(r);
    console.log(`${r.driver} ×${r.workers} ${r.graph} (${r.phase}): ${r.stepsPerSecond} steps/s, ${r.executionsPerSecond} exec/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms`);
  };
  const scratch = await createScratchDatabase();
  const commitRate: Record<string, number> = {};
  for (const c of [1, 4, 16, 32]) commitRate[`clients${c}`] = await measureCommitRate(scratch.url, c, 3);
  await scratch.drop();
  console.log("raw commit rate (one-row UPDATE, autocommit):", commitRate);

  const durable = { linear10: linear10(), fanout10: fanout10() };
  for (const workers of [1, 2]) {
    for (const [name, graph] of Object.entries(durable)) {
      log(await runScenario({ driver: "pg", workers, graphName: name, graph, executions, concurrency, phase: "live" }));
      log(await runScenario({ driver: "pg", workers, graphName: name, graph, executions, concurrency, phase: "backlog" }));
    }
  }
  log(await runScenario({ driver: "pg", workers: 1, graphName: "linear10-pure", graph: linear10("data.set"), executions, concurrency, phase: "backlog" }));
  for (const [name, graph] of Object.entries(durable)) {
    log(await runScenario({ driver: "pglite", workers: 1, graphName: name, graph, executions: Math.min(executions, 500), concurrency, phase: "live" }));
  }

  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? "", memoryGb: Math.round(os.totalmem() / 2 ** 30), loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))) };
  let postgres = "";
  try {
    postgres = execSync(`psql "${process.env.TEST_DATABASE_URL}" -Atc "show server_version"`).toString().trim();
  } catch {
    /* psql missing: leave blank */
  }
  const out = { date: new Date().toISOString(), executionsPerScenario: executions, concurrencyPerWorker: concurrency, machine, postgres, commitRate, results };
  const root = path.resolve(__dirname, "../..");
  fs.mkdirSync(path.join(root, "bench/results"), { recursive: true });
  fs.writeFileSync(path.join(root, "bench/results/engine.json"), JSON.stringify(out, null, 2) + "\n");
  writeMarkdown(path.join(root, "docs/benchmarks.md"), out);
  console.log("wrote bench/results/engine.json and docs/benchmarks.md");
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
