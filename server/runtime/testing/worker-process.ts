// A worker process for multi-process tests and the benchmark: the normal worker plus test nodes,
// including `test.dbEffect`, a side effect recorded in table test_effects (outside the step's
// transaction, like a call to a remote system) so tests can count how often each step really ran.
import "../allow-server-only";
import { Pool } from "pg";
import { defineExecutor, type NodeExecutor } from "@/server/nodes/executor";
import { main } from "../worker-main";
import { dbEffectNode, testExecutors } from "./test-nodes";

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
pool.on("error", () => {});

const dbEffect = defineExecutor(dbEffectNode, async (ctx) => {
  if (ctx.config.sleepMs > 0) await new Promise((r) => setTimeout(r, ctx.config.sleepMs));
  if (process.env.TEST_EFFECTS !== "0") {
    await pool.query("insert into test_effects (key, attempt, pid) values ($1, $2, $3)", [ctx.idempotencyKey, ctx.attempt, process.pid]);
  }
  return { output: { pid: process.pid, n: (ctx.input as { n?: number } | null)?.n ?? 0 } };
});

main([...testExecutors, dbEffect] as unknown as readonly NodeExecutor[]).catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
