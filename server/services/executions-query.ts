// The runs page query: filters on status, workflow, mode, trigger type, time range and a search in
// the trigger data; keyset pagination on (created_at desc, id desc); counts per status. The
// indexes that serve these filters are in migration 0006_monitoring.sql.
import { z } from "zod";
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { executionGraphs, executionStatusEnum, executions, workflows, type ExecutionStatus } from "@/db/schema";

export const TRIGGER_TYPES = ["manual", "webhook", "schedule", "form", "error", "subworkflow"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const runsFilterSchema = z.object({
  status: z.enum(executionStatusEnum.enumValues).optional(),
  workflowId: z.string().uuid().optional(),
  mode: z.enum(["production", "test"]).optional(),
  trigger: z.enum(TRIGGER_TYPES).optional(),
  /** Inclusive lower bound on the start time. */
  from: z.coerce.date().optional(),
  /** Exclusive upper bound on the start time. */
  to: z.coerce.date().optional(),
  /** Plain text searched in the trigger data (the JSON text, case-insensitive). */
  search: z.string().trim().max(200).optional(),
});
export type RunsFilter = z.infer<typeof runsFilterSchema>;

/** createdAt is the database's text form (microseconds): a JS Date would drop them and skip runs. */
export const runsCursorSchema = z.object({ createdAt: z.string().max(40), id: z.string().uuid() });
export type RunsCursor = z.infer<typeof runsCursorSchema>;

/** Every filter except status (counts per status use all the others). */
export function filterConditions(workspaceId: string, f: RunsFilter, withStatus = true): SQL[] {
  const c: SQL[] = [eq(executions.workspaceId, workspaceId)];
  if (withStatus && f.status) c.push(eq(executions.status, f.status));
  if (f.workflowId) c.push(eq(executions.workflowId, f.workflowId));
  if (f.mode) c.push(eq(executions.mode, f.mode));
  if (f.from) c.push(gte(executions.createdAt, f.from));
  if (f.to) c.push(lt(executions.createdAt, f.to));
  if (f.trigger === "subworkflow") c.push(sql`${executions.parentExecutionId} is not null`);
  else if (f.trigger) {
    // Graph snapshots are few (content-addressed), so resolving the trigger's type through them is cheap.
    c.push(
      sql`(${executions.graphHash}, ${executions.triggerNodeId}) in (
            select g.hash, n->>'id' from execution_graphs g cross join lateral jsonb_array_elements(g.graph->'nodes') n
            where n->>'type' = ${`trigger.${f.trigger}`})`,
    );
  }
  if (f.search) c.push(sql`${executions.triggerData}::text ilike ${searchPattern(f.search)}`);
  return c;
}

const searchPattern = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export interface RunRow {
  id: string;
  workflowId: string;
  workflowName: string;
  workflowVersion: number | null;
  mode: "production" | "test";
  status: ExecutionStatus;
  triggerNodeId: string;
  failedNodeId: string | null;
  errorMessage: string | null;
  parentExecutionId: string | null;
  errorOfExecutionId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export async function listRuns(db: Db, workspaceId: string, f: RunsFilter, opts: { cursor?: RunsCursor; limit?: number } = {}) {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  // The search is applied outside the index-order fence below.
  const conds = filterConditions(workspaceId, { ...f, search: undefined });
  if (opts.cursor) {
    const { createdAt, id } = opts.cursor;
    // The redundant `created_at <= X` is what lets the index range start at the cursor (an OR alone scans from the top).
    conds.push(
      sql`${executions.createdAt} <= ${createdAt}::timestamptz`,
      sql`(${executions.createdAt} < ${createdAt}::timestamptz or (${executions.createdAt} = ${createdAt}::timestamptz and ${executions.id} < ${id}::uuid))`,
    );
  }
  // A search filter is estimated as very selective, so Postgres would fetch and sort the whole time
  // range; the OFFSET 0 fence keeps the walk in index order and stops at the page's last match.
  const searched = !!f.search;
  const base = db
    .select({
      id: executions.id,
      workflowId: executions.workflowId,
      workflowVersion: executions.workflowVersion,
      mode: executions.mode,
      status: executions.status,
      triggerNodeId: executions.triggerNodeId,
      failedNodeId: executions.failedNodeId,
      errorMessage: sql<string | null>`${executions.error}->>'message'`.as("error_message"),
      parentExecutionId: executions.parentExecutionId,
      errorOfExecutionId: executions.errorOfExecutionId,
      createdAt: executions.createdAt,
      startedAt: executions.startedAt,
      finishedAt: executions.finishedAt,
      triggerText: sql<string>`${executions.triggerData}::text`.as("trigger_text"),
    })
    .from(executions)
    .where(and(...conds))
    .orderBy(desc(executions.createdAt), desc(executions.id))
    .$dynamic();
  const e = (searched ? base.offset(0) : base.limit(limit + 1)).as("e");
  const rows = await db
    .select({
      id: e.id,
      workflowId: e.workflowId,
      workflowName: workflows.name,
      workflowVersion: e.workflowVersion,
      mode: e.mode,
      status: e.status,
      triggerNodeId: e.triggerNodeId,
      failedNodeId: e.failedNodeId,
      errorMessage: e.errorMessage,
      parentExecutionId: e.parentExecutionId,
      errorOfExecutionId: e.errorOfExecutionId,
      createdAt: e.createdAt,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      cursorAt: sql<string>`${e.createdAt}::text`,
    })
    .from(e)
    .innerJoin(workflows, eq(workflows.id, e.workflowId))
    .where(searched ? sql`${e.triggerText} ilike ${searchPattern(f.search!)}` : undefined)
    .orderBy(desc(e.createdAt), desc(e.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const items: RunRow[] = page.map(({ cursorAt: _, ...r }) => r);
  return { items, nextCursor: rows.length > limit && last ? { createdAt: last.cursorAt, id: last.id } : null };
}

/**
 * Counts per status for the same filters (except status itself), each capped at `cap`: a count
 * reads at most cap + 1 index entries, so it stays fast at millions of runs ("10,000+").
 */
export async function countRunsByStatus(db: Db, workspaceId: string, f: RunsFilter, cap = 10_000): Promise<{ counts: Record<ExecutionStatus, number>; cap: number }> {
  const conds = filterConditions(workspaceId, f, false);
  const parts = executionStatusEnum.enumValues.map(
    (st) => sql`select ${st}::text as status, (select count(*)::int from (select 1 from ${executions} where ${and(...conds, eq(executions.status, st))} limit ${cap + 1}) x) as n`,
  );
  const rows = await queryRows<{ status: ExecutionStatus; n: number }>(db, sql.join(parts, sql` union all `));
  const counts = Object.fromEntries(executionStatusEnum.enumValues.map((s) => [s, 0])) as Record<ExecutionStatus, number>;
  for (const r of rows) counts[r.status] = Number(r.n);
  return { counts, cap };
}

/** Ids of executions matching the filter (for bulk actions), newest first, at most `limit`. */
export async function runIdsMatching(db: Db, workspaceId: string, f: RunsFilter, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: executions.id })
    .from(executions)
    .where(and(...filterConditions(workspaceId, f)))
    .orderBy(desc(executions.createdAt), desc(executions.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The graph snapshot an execution ran (its nodes' names, positions and config at the time). */
export async function getExecutionGraph(db: Db, workspaceId: string, executionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(executionId)) return null;
  const [row] = await db
    .select({ graph: executionGraphs.graph, workflowVersion: executions.workflowVersion, mode: executions.mode, workflowName: workflows.name, workflowId: executions.workflowId, publishedVersion: workflows.publishedVersion })
    .from(executions)
    .innerJoin(executionGraphs, eq(executionGraphs.hash, executions.graphHash))
    .innerJoin(workflows, eq(workflows.id, executions.workflowId))
    .where(and(eq(executions.id, executionId), eq(executions.workspaceId, workspaceId)));
  return row ?? null;
}
