// SLA monitors: each evaluation computes the monitor's value over its window (production runs)
// and sets green / amber / red. Amber is "close to the bound" (within 20% of the margin), so an
// admin sees trouble coming. The clock is a parameter.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { SlaHealth, SlaKind } from "@/db/schema";

const iso = (d: Date) => d.toISOString();

export interface MonitorRow {
  id: string;
  workflow_id: string;
  kind: SlaKind;
  threshold: number;
  window_minutes: number;
  created_at: string | Date;
}

/** Health from a value: pure, so the rule is testable and shown in the UI the same way. */
export function healthOf(kind: SlaKind, threshold: number, value: number | null): SlaHealth {
  if (value === null) return kind === "freshness" ? "red" : "unknown";
  if (kind === "success_rate") {
    if (value < threshold) return "red";
    return value < threshold + (100 - threshold) * 0.2 ? "amber" : "green";
  }
  // p95_duration (seconds) and freshness (minutes since the last success): lower is better.
  if (value > threshold) return "red";
  return value > threshold * 0.8 ? "amber" : "green";
}

export async function monitorValue(db: Db, m: MonitorRow, now: Date): Promise<number | null> {
  const from = new Date(now.getTime() - m.window_minutes * 60_000);
  if (m.kind === "freshness") {
    const [r] = await queryRows<{ last: string | Date | null }>(
      db,
      sql`select max(finished_at) as last from executions
          where workflow_id = ${m.workflow_id}::uuid and status = 'succeeded' and mode = 'production' and finished_at <= ${iso(now)}::timestamptz`,
    );
    // Never succeeded: count from when the monitor was created, so a new monitor is not red at once.
    const since = r?.last ? new Date(r.last) : new Date(m.created_at);
    return (now.getTime() - since.getTime()) / 60_000;
  }
  if (m.kind === "success_rate") {
    const [r] = await queryRows<{ total: number; ok: number }>(
      db,
      sql`select count(*)::int as total, count(*) filter (where status = 'succeeded')::int as ok from executions
          where workflow_id = ${m.workflow_id}::uuid and mode = 'production' and status in ('succeeded', 'failed')
            and finished_at > ${iso(from)}::timestamptz and finished_at <= ${iso(now)}::timestamptz`,
    );
    return r && Number(r.total) > 0 ? (Number(r.ok) * 100) / Number(r.total) : null;
  }
  const [r] = await queryRows<{ p95: number | null }>(
    db,
    sql`select percentile_cont(0.95) within group (order by extract(epoch from finished_at - started_at)) as p95 from executions
        where workflow_id = ${m.workflow_id}::uuid and mode = 'production' and status = 'succeeded'
          and finished_at > ${iso(from)}::timestamptz and finished_at <= ${iso(now)}::timestamptz`,
  );
  return r?.p95 === null || r?.p95 === undefined ? null : Number(r.p95);
}

export async function evaluateSlaMonitors(db: Db, now: Date): Promise<number> {
  const monitors = await queryRows<MonitorRow>(db, sql`select id, workflow_id, kind, threshold, window_minutes, created_at from sla_monitors order by id`);
  for (const m of monitors) {
    const value = await monitorValue(db, m, now);
    const health = healthOf(m.kind, Number(m.threshold), value);
    await db.execute(sql`update sla_monitors set health = ${health}::sla_health, last_value = ${value}, evaluated_at = ${iso(now)}::timestamptz where id = ${m.id}::uuid`);
  }
  return monitors.length;
}
