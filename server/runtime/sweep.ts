// Periodic housekeeping shared by all workers (each piece is safe to run concurrently).
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { next } from "@/server/engine/interpreter";
import { loadGraph } from "./graph-store";
import { DEFAULT_WORKFLOW_CONCURRENCY } from "@/server/engine/graph";
import { admitQueued, finishExecution, isTerminal, lockExecution, newEffects } from "./lifecycle";
import { publish } from "./commit";
import type { RuntimeContext } from "./context";

/** Fails executions that passed their deadline (execution timeout). */
export async function sweepTimeouts(rt: RuntimeContext, limit = 20): Promise<number> {
  const due = await queryRows<{ id: string }>(
    rt.db,
    sql`select id from executions where status in ('running', 'waiting') and deadline_at < now() order by deadline_at limit ${limit}`,
  );
  let n = 0;
  for (const { id } of due) {
    const fx = newEffects();
    await rt.db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const exec = await lockExecution(t, id);
      if (!exec || isTerminal(exec.status)) return;
      const { index, graph } = await loadGraph(t, exec.graph_hash, rt.registry);
      const r = next(index, exec.state ?? undefined, { type: "timeout", timeoutMs: graph.settings.timeoutMs ?? 3_600_000 });
      const finish = r.commands.find((c) => c.type === "finish");
      if (finish && finish.type === "finish") {
        await finishExecution(t, id, r.state, finish, rt.registry, fx);
        n++;
      }
    });
    publish(rt, fx);
  }
  return n;
}

/** Starts queued executions of workflows that have free slots (backstop for admission races). */
export async function sweepQueued(rt: RuntimeContext, limit = 20): Promise<number> {
  const rows = await queryRows<{ workflow_id: string; graph_hash: string }>(
    rt.db,
    sql`select distinct on (workflow_id) workflow_id, graph_hash from executions
        where status = 'queued' and created_at < now() - interval '1 second'
        order by workflow_id, created_at limit ${limit}`,
  );
  let n = 0;
  for (const r of rows) {
    const fx = newEffects();
    await rt.db.transaction(async (tx) => {
      const t = tx as unknown as Db;
      const { graph } = await loadGraph(t, r.graph_hash, rt.registry);
      n += (await admitQueued(t, r.workflow_id, graph.settings.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY, rt.registry, fx)).length;
    });
    publish(rt, fx);
  }
  return n;
}
