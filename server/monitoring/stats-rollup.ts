// The dashboard's hourly rollup of finished executions (db/schema/monitoring.ts,
// execution_stats_hourly): counts per workspace, workflow, mode and UTC hour, and a sparse
// duration histogram. Rolled by the monitoring pass for closed hours only (5 minutes after the
// hour, so no transaction that stamped an earlier finished_at is still committing), and each hour
// is rolled again one pass later as a safety net. Every roll recomputes its hours from the
// executions table (an upsert), so any number of processes may run it; an advisory lock keeps
// them from doing the same work twice. Finished executions are never rewritten (0101), so a
// rolled hour stays right; executions pruned later by retention stay counted.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";

const HOUR = 3600_000;
/** Histogram bucket k holds durations in (GROWTH^(k-1), GROWTH^k] ms (bucket 0: up to 1 ms). */
export const DURATION_GROWTH = 1.1;
const LOCK_KEY = 0x5357_5201; // "SWR" + 1: the rollup's advisory lock
export const ROLLUP_KEEP_DAYS = 100;
/** Hours rolled per pass at most (a first pass on a big history catches up over several passes). */
const MAX_HOURS_PER_PASS = 24 * 7;
const SETTLE_MS = 5 * 60_000;

/** SQL: the histogram bucket of an execution's duration (null when it never started). */
export const durationBucketSql = sql`case when started_at is not null then ceil(ln(greatest(extract(epoch from (finished_at - started_at)) * 1000, 1)) / ln(${DURATION_GROWTH}::float8))::int end`;

export const floorHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
export const ceilHour = (d: Date) => new Date(Math.ceil(d.getTime() / HOUR) * HOUR);

/**
 * Rolls the closed hours not rolled yet; returns how many hours it (re)computed. Closed hours
 * are judged by the database clock (the one finished_at is stamped with), never by a caller's
 * clock, so a test or a process with a wrong clock cannot mark hours rolled before they end.
 */
export async function rollupExecutionStats(db: Db, opts: { maxHours?: number } = {}): Promise<number> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [lock] = await queryRows<{ ok: boolean; now: string | Date }>(tx, sql`select pg_try_advisory_xact_lock(${LOCK_KEY}) as ok, now() as now`);
    if (!lock?.ok) return 0;
    const now = new Date(lock.now);
    const end = floorHour(new Date(now.getTime() - SETTLE_MS));
    const [st] = await queryRows<{ rolled_until: string | Date }>(tx, sql`select rolled_until from execution_stats_rollup where id = 1`);
    let start: Date;
    if (st) {
      const rolled = new Date(st.rolled_until);
      if (end <= rolled) return 0;
      start = new Date(rolled.getTime() - HOUR); // the previous hour once more
    } else {
      const [first] = await queryRows<{ at: string | Date | null }>(
        tx,
        sql`select min(finished_at) as at from executions where finished_at >= ${new Date(now.getTime() - ROLLUP_KEEP_DAYS * 24 * HOUR).toISOString()}::timestamptz`,
      );
      start = first?.at ? floorHour(new Date(first.at)) : end;
    }
    const stop = new Date(Math.min(end.getTime(), start.getTime() + (opts.maxHours ?? MAX_HOURS_PER_PASS) * HOUR));
    if (stop > start) {
      await tx.execute(sql`
        insert into execution_stats_hourly (workspace_id, workflow_id, mode, hour, total, succeeded, failed, duration_buckets, duration_counts)
        select workspace_id, workflow_id, mode, hour, sum(n)::int, sum(ok)::int, sum(bad)::int,
               coalesce(array_agg(k order by k) filter (where k is not null), '{}'),
               coalesce(array_agg(n::int order by k) filter (where k is not null), '{}')
        from (select workspace_id, workflow_id, mode, date_trunc('hour', finished_at, 'UTC') as hour, ${durationBucketSql} as k,
                     count(*) as n, count(*) filter (where status = 'succeeded') as ok, count(*) filter (where status = 'failed') as bad
              from executions
              where finished_at >= ${start.toISOString()}::timestamptz and finished_at < ${stop.toISOString()}::timestamptz
              group by 1, 2, 3, 4, 5) x
        group by 1, 2, 3, 4
        on conflict (workspace_id, hour, workflow_id, mode) do update
          set total = excluded.total, succeeded = excluded.succeeded, failed = excluded.failed,
              duration_buckets = excluded.duration_buckets, duration_counts = excluded.duration_counts`);
    }
    await tx.execute(sql`
      insert into execution_stats_rollup (id, rolled_until) values (1, ${stop.toISOString()}::timestamptz)
      on conflict (id) do update set rolled_until = greatest(execution_stats_rollup.rolled_until, excluded.rolled_until)`);
    // Once a day or so (when the roll crosses midnight UTC), drop hours past the longest window.
    if (Math.floor(stop.getTime() / (24 * HOUR)) !== Math.floor(start.getTime() / (24 * HOUR))) {
      await tx.execute(sql`delete from execution_stats_hourly where hour < ${new Date(now.getTime() - ROLLUP_KEEP_DAYS * 24 * HOUR).toISOString()}::timestamptz`);
    }
    return Math.round((stop.getTime() - start.getTime()) / HOUR);
  });
}

/** The end of the rolled hours (null: nothing rolled yet). */
export async function rolledUntil(db: Db): Promise<Date | null> {
  const [st] = await queryRows<{ rolled_until: string | Date }>(db, sql`select rolled_until from execution_stats_rollup where id = 1`);
  return st ? new Date(st.rolled_until) : null;
}

/** A percentile (0–1) of a duration histogram, in seconds, interpolated inside its bucket. */
export function histogramPercentile(hist: Record<string, number>, p: number): number | null {
  const entries = Object.entries(hist)
    .map(([k, n]) => [Number(k), Number(n)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = p * total;
  let cum = 0;
  for (const [k, n] of entries) {
    if (cum + n >= rank) {
      const lo = k <= 0 ? 0 : DURATION_GROWTH ** (k - 1);
      const hi = k <= 0 ? 1 : DURATION_GROWTH ** k;
      return (lo + (hi - lo) * Math.min(1, Math.max(0, (rank - cum) / n))) / 1000;
    }
    cum += n;
  }
  return DURATION_GROWTH ** entries[entries.length - 1]![0] / 1000;
}
