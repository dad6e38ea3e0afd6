// Files failed executions into execution_failures with their fingerprint, so the error dashboard
// groups by an indexed column instead of running regexes over every failure at read time. Any
// number of processes may run it: the primary key makes filing idempotent.
import { inArray, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { executionFailures, executionGraphs } from "@/db/schema";
import { errorFingerprint } from "./fingerprint";

// Per database handle: the newest failure time already filed, so each pass reads only recent rows.
// Failures committed late (a long transaction) are caught by the overlap.
const highWater = new WeakMap<object, number>();
const OVERLAP_MS = 10 * 60_000;
const FIRST_LOOKBACK_MS = 7 * 24 * 3600_000;

interface FailedRow {
  id: string;
  workspace_id: string;
  workflow_id: string;
  mode: string;
  failed_node_id: string | null;
  message: string | null;
  code: string | null;
  finished_at: string | Date;
  graph_hash: string;
}

export async function fileFailures(db: Db, now: Date, opts: { batch?: number } = {}): Promise<number> {
  const key = (db as unknown as { $client?: object }).$client ?? db;
  const since = new Date((highWater.get(key) ?? now.getTime() - FIRST_LOOKBACK_MS) - OVERLAP_MS);
  const batch = opts.batch ?? 1000;
  let filed = 0;
  for (;;) {
    const rows = await queryRows<FailedRow>(
      db,
      sql`select e.id, e.workspace_id, e.workflow_id, e.mode, e.failed_node_id, e.error->>'message' as message, e.error->>'code' as code, e.finished_at, e.graph_hash
          from executions e
          where e.status = 'failed' and e.finished_at >= ${since.toISOString()}::timestamptz
            and not exists (select 1 from execution_failures f where f.execution_id = e.id)
          order by e.finished_at limit ${batch}`,
    );
    if (rows.length === 0) break;
    const types = await nodeTypes(db, rows);
    const values = rows.map((r) => {
      const nodeType = r.failed_node_id ? (types.get(`${r.graph_hash}|${r.failed_node_id}`) ?? "unknown") : "execution";
      const message = r.message ?? r.code ?? "Unknown error";
      return {
        executionId: r.id,
        workspaceId: r.workspace_id,
        workflowId: r.workflow_id,
        mode: r.mode,
        nodeId: r.failed_node_id,
        nodeType,
        fingerprint: errorFingerprint(nodeType, message),
        message: message.slice(0, 2000),
        failedAt: new Date(r.finished_at),
      };
    });
    await db.insert(executionFailures).values(values).onConflictDoNothing();
    filed += rows.length;
    const newest = Math.max(...values.map((v) => v.failedAt.getTime()));
    highWater.set(key, Math.max(highWater.get(key) ?? 0, newest));
    if (rows.length < batch) break;
  }
  return filed;
}

async function nodeTypes(db: Db, rows: FailedRow[]): Promise<Map<string, string>> {
  const hashes = [...new Set(rows.map((r) => r.graph_hash))];
  const graphs = await db.select({ hash: executionGraphs.hash, graph: executionGraphs.graph }).from(executionGraphs).where(inArray(executionGraphs.hash, hashes));
  const out = new Map<string, string>();
  for (const g of graphs) {
    const nodes = (g.graph as { nodes?: Array<{ id?: unknown; type?: unknown }> }).nodes ?? [];
    for (const n of nodes) if (typeof n.id === "string" && typeof n.type === "string") out.set(`${g.hash}|${n.id}`, n.type);
  }
  return out;
}

/** For tests: forget how far filing got. */
export function resetFailureFiling(db: Db): void {
  highWater.delete((db as unknown as { $client?: object }).$client ?? db);
}
