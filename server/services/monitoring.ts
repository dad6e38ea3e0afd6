// The error dashboard's queries: failure rate per workflow over time, top errors by fingerprint,
// recent failures, and runs and duration percentiles per workflow. Production runs by default:
// test runs are someone building a workflow, not an incident.
// The failure rate series and the per-workflow stats read the hourly rollup for the whole hours
// it holds and the executions table only for the rest of the window (the partial first hour and
// the hours not rolled yet), so their cost follows the window's length, not its traffic.
// Buckets and hours are UTC. Percentiles come from the rollup's duration histograms (within 10%).
import { z } from "zod";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { normalizeMessage } from "@/server/monitoring/fingerprint";
import { ceilHour, durationBucketSql, floorHour, histogramPercentile, rolledUntil } from "@/server/monitoring/stats-rollup";

export const dashboardInputSchema = z.object({
  /** Window length in hours, ending now. */
  hours: z.number().int().min(1).max(24 * 90).default(24 * 7),
  mode: z.enum(["production", "test", "all"]).default("production"),
  workflowId: z.string().uuid().optional(),
});
export type DashboardInput = z.infer<typeof dashboardInputSchema>;

// Compared as the enum (not as text) so the planner can use the column statistics.
const modeCond = (mode: DashboardInput["mode"], col = sql`mode`) => (mode === "all" ? sql`true` : sql`${col} = ${mode}::execution_mode`);
const textModeCond = (mode: DashboardInput["mode"]) => (mode === "all" ? sql`true` : sql`mode = ${mode}`);
const wfCond = (id: string | undefined, col = sql`workflow_id`) => (id ? sql`${col} = ${id}::uuid` : sql`true`);

export interface RatePoint {
  workflowId: string;
  bucket: Date;
  total: number;
  failed: number;
}

/**
 * The window split in three: [from, rollFrom) and [rollTo, …) from the executions table, the
 * whole hours [rollFrom, rollTo) from the rollup. Returns the two SQL sources.
 */
async function windowSources(db: Db, workspaceId: string, input: DashboardInput, from: Date, now: Date) {
  const rollFrom = ceilHour(from);
  const rolled = await rolledUntil(db);
  const rollTo = rolled && rolled > rollFrom ? new Date(Math.min(rolled.getTime(), floorHour(now).getTime())) : rollFrom;
  const to = rollTo > rollFrom ? rollTo : rollFrom;
  const base = sql`workspace_id = ${workspaceId}::uuid and ${modeCond(input.mode)} and ${wfCond(input.workflowId)}`;
  // Two index range scans on (workspace_id, finished_at) covering the columns used.
  const live = sql`(select workflow_id, status, started_at, finished_at from executions
                     where ${base} and finished_at >= ${from.toISOString()}::timestamptz and finished_at < ${rollFrom.toISOString()}::timestamptz
                    union all
                    select workflow_id, status, started_at, finished_at from executions
                     where ${base} and finished_at >= ${to.toISOString()}::timestamptz)`;
  const rollup = sql`(select * from execution_stats_hourly
                      where ${base} and hour >= ${rollFrom.toISOString()}::timestamptz and hour < ${to.toISOString()}::timestamptz)`;
  return { live, rollup };
}

export async function failureRateSeries(db: Db, workspaceId: string, input: DashboardInput, now = new Date()) {
  const from = new Date(now.getTime() - input.hours * 3600_000);
  const unit = input.hours <= 48 ? "hour" : "day";
  const { live, rollup } = await windowSources(db, workspaceId, input, from, now);
  const rows = await queryRows<{ workflow_id: string; bucket: string | Date; total: number; failed: number }>(
    db,
    sql`select workflow_id, bucket, sum(total)::int as total, sum(failed)::int as failed from (
          select workflow_id, date_trunc(${unit}, hour, 'UTC') as bucket, total, failed from ${rollup} r
          union all
          select workflow_id, date_trunc(${unit}, finished_at, 'UTC'), 1, (status = 'failed')::int from ${live} l
        ) x group by 1, 2 order by 2, 1`,
  );
  const points: RatePoint[] = rows.map((r) => ({ workflowId: r.workflow_id, bucket: new Date(r.bucket), total: Number(r.total), failed: Number(r.failed) }));
  return { unit, from, to: now, points };
}

export async function topErrors(db: Db, workspaceId: string, input: DashboardInput, now = new Date(), limit = 20) {
  const from = new Date(now.getTime() - input.hours * 3600_000);
  const rows = await queryRows<{ fingerprint: string; node_type: string; count: number; first_seen: string | Date; last_seen: string | Date; sample: string; workflows: string[]; last_execution: string; first_ever: string | Date }>(
    db,
    sql`select g.*, (select min(f2.failed_at) from execution_failures f2 where f2.workspace_id = ${workspaceId}::uuid and f2.fingerprint = g.fingerprint) as first_ever
        from (
          select fingerprint, min(node_type) as node_type, count(*)::int as count, min(failed_at) as first_seen, max(failed_at) as last_seen,
                 (array_agg(message order by failed_at desc))[1] as sample,
                 (array_agg(execution_id::text order by failed_at desc))[1] as last_execution,
                 array_agg(distinct workflow_id::text) as workflows
          from execution_failures
          where workspace_id = ${workspaceId}::uuid and failed_at >= ${from.toISOString()}::timestamptz and ${textModeCond(input.mode)} and ${wfCond(input.workflowId)}
          group by fingerprint order by count(*) desc, max(failed_at) desc limit ${limit}
        ) g order by g.count desc, g.last_seen desc`,
  );
  return rows.map((r) => ({
    fingerprint: r.fingerprint,
    nodeType: r.node_type,
    title: normalizeMessage(r.sample),
    sample: r.sample,
    count: Number(r.count),
    firstSeen: new Date(r.first_ever ?? r.first_seen),
    lastSeen: new Date(r.last_seen),
    workflowIds: r.workflows,
    lastExecutionId: r.last_execution,
  }));
}

export async function recentFailures(db: Db, workspaceId: string, input: DashboardInput, limit = 15) {
  const rows = await queryRows<{ id: string; workflow_id: string; workflow_name: string; failed_node_id: string | null; message: string | null; finished_at: string | Date }>(
    db,
    sql`select e.id, e.workflow_id, w.name as workflow_name, e.failed_node_id, e.error->>'message' as message, e.finished_at
        from executions e join workflows w on w.id = e.workflow_id
        where e.workspace_id = ${workspaceId}::uuid and e.status = 'failed' and ${modeCond(input.mode, sql`e.mode`)} and ${wfCond(input.workflowId, sql`e.workflow_id`)}
        order by e.created_at desc, e.id desc limit ${limit}`,
  );
  return rows.map((r) => ({ executionId: r.id, workflowId: r.workflow_id, workflowName: r.workflow_name, failedNodeId: r.failed_node_id, message: r.message ?? "Unknown error", finishedAt: new Date(r.finished_at) }));
}

export async function workflowStats(db: Db, workspaceId: string, input: DashboardInput, now = new Date()) {
  const from = new Date(now.getTime() - input.hours * 3600_000);
  const { live, rollup } = await windowSources(db, workspaceId, input, from, now);
  const rows = await queryRows<{ workflow_id: string; name: string; total: number; succeeded: number; failed: number; ks: number[] | null; ns: number[] | null }>(
    db,
    sql`with r as materialized ${rollup}, l as materialized (select workflow_id, status, ${durationBucketSql} as k from ${live} l0),
        counts as (
          select workflow_id, sum(total)::int as total, sum(succeeded)::int as succeeded, sum(failed)::int as failed from (
            select workflow_id, total, succeeded, failed from r
            union all
            select workflow_id, 1, (status = 'succeeded')::int, (status = 'failed')::int from l) c
          group by 1),
        hist as (
          select workflow_id, array_agg(k) as ks, array_agg(n) as ns from (
            select workflow_id, k, sum(n)::int as n from (
              select workflow_id, e.k, e.n from r, unnest(r.duration_buckets, r.duration_counts) as e(k, n)
              union all
              select workflow_id, k, 1 from l where k is not null) h0
            group by 1, 2) h
          group by 1)
        select c.*, h.ks, h.ns, w.name from counts c join workflows w on w.id = c.workflow_id left join hist h on h.workflow_id = c.workflow_id
        order by c.failed desc, c.total desc, w.name`,
  );
  return rows.map((r) => {
    const hist: Record<string, number> = {};
    (r.ks ?? []).forEach((k, i) => (hist[k] = Number(r.ns![i])));
    return {
      workflowId: r.workflow_id,
      name: r.name,
      total: Number(r.total),
      succeeded: Number(r.succeeded),
      failed: Number(r.failed),
      failureRate: Number(r.total) ? Number(r.failed) / Number(r.total) : 0,
      p50Seconds: histogramPercentile(hist, 0.5),
      p95Seconds: histogramPercentile(hist, 0.95),
      p99Seconds: histogramPercentile(hist, 0.99),
    };
  });
}
