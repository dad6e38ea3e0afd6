import "@/server/runtime/allow-server-only";
import { runScenario } from "@/bench/engine/scenario";
import { linear10 } from "@/bench/engine/graphs";
async function main() {
  const r = await runScenario({ driver: (process.env.D as "pg") ?? "pg", workers: Number(process.env.W ?? 1), graphName: "linear10", graph: linear10(process.env.T ?? "test.dbEffect"), executions: Number(process.env.N ?? 200), concurrency: Number(process.env.C ?? 32), phase: (process.env.P as "backlog") ?? "live", inProcess: process.env.INPROC === "1" });
  console.log(JSON.stringify(r));
}
void main();
