// One benchmark scenario, for experiments (the full suite is run.ts):
//   D=pg|pglite W=<workers> G=linear10|fanout10 T=<node type> N=<executions> C=<concurrency>
//   P=live|backlog INPROC=1 (pg workers inside this process, for --cpu-prof) npx tsx bench/engine/one.ts
import "@/server/runtime/allow-server-only";
import { runScenario } from "./scenario";
import { fanout10, linear10 } from "./graphs";

async function main() {
  const type = process.env.T ?? "test.dbEffect";
  const graph = process.env.G === "fanout10" ? fanout10(type) : linear10(type);
  const r = await runScenario({
    driver: process.env.D === "pglite" ? "pglite" : "pg",
    workers: Number(process.env.W ?? 1),
    graphName: process.env.G ?? "linear10",
    graph,
    executions: Number(process.env.N ?? 500),
    concurrency: Number(process.env.C ?? 64),
    phase: process.env.P === "backlog" ? "backlog" : "live",
    inProcess: process.env.INPROC === "1",
  });
  console.log(JSON.stringify(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
