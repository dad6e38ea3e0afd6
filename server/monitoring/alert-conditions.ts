// What each alert rule finds "firing" right now: one subject per workflow, credential or SLA
// monitor, with how many failures (or evaluations) it groups. Production runs only. The clock is
// a parameter so tests (and the evaluator) decide what "now" is.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { AlertRuleKind } from "@/db/schema";

export interface RuleRow {
  id: string;
  workspaceId: string;
  name: string;
  kind: AlertRuleKind;
  workflowId: string | null;
  params: Record<string, number>;
  channelIds: string[];
}

export interface FiringSubject {
  key: string;
  label: string;
  count: number;
  summary: string;
  details: Record<string, unknown>;
}

const DAY_MS = 24 * 3600_000;
const iso = (d: Date) => d.toISOString();

function scope(rule: RuleRow, col = sql`e.workflow_id`) {
  return rule.workflowId ? sql`${col} = ${rule.workflowId}::uuid` : sql`true`;
}

export const DEFAULT_PARAMS: Record<AlertRuleKind, Record<string, number>> = {
  any_failure: { quietMinutes: 60 },
  consecutive_failures: { count: 3 },
  failure_rate: { percent: 20, windowMinutes: 60, minRuns: 5 },
  credential_reconnect: {},
  sla_breach: {},
};

const param = (rule: RuleRow, name: string) => {
  const v = Number(rule.params[name]);
  return Number.isFinite(v) && v > 0 ? v : DEFAULT_PARAMS[rule.kind][name]!;
};

export async function firingSubjects(db: Db, rule: RuleRow, now: Date): Promise<FiringSubject[]> {
  switch (rule.kind) {
    case "any_failure":
      return anyFailure(db, rule, now);
    case "consecutive_failures":
      return consecutive(db, rule, now);
    case "failure_rate":
      return failureRate(db, rule, now);
    case "credential_reconnect":
      return credentials(db, rule);
    case "sla_breach":
      return slaBreaches(db, rule);
  }
}

/** Failures of a workflow not followed by a success, within the quiet period. */
async function anyFailure(db: Db, rule: RuleRow, now: Date): Promise<FiringSubject[]> {
  const quietFrom = new Date(now.getTime() - param(rule, "quietMinutes") * 60_000);
  const rows = await queryRows<{ workflow_id: string; name: string; failures: number; last_failure: string | Date; message: string | null }>(
    db,
    sql`select f.workflow_id, w.name, count(*)::int as failures, max(f.finished_at) as last_failure,
               (array_agg(f.error->>'message' order by f.finished_at desc))[1] as message
        from executions f join workflows w on w.id = f.workflow_id
        where f.workspace_id = ${rule.workspaceId}::uuid and f.status = 'failed' and f.mode = 'production'
          and f.finished_at >= ${iso(quietFrom)}::timestamptz and f.finished_at <= ${iso(now)}::timestamptz and ${scope(rule, sql`f.workflow_id`)}
          and f.finished_at > coalesce((select max(s.finished_at) from executions s where s.workflow_id = f.workflow_id and s.status = 'succeeded' and s.mode = 'production' and s.finished_at <= ${iso(now)}::timestamptz and s.finished_at >= ${iso(quietFrom)}::timestamptz), '-infinity')
        group by f.workflow_id, w.name`,
  );
  return rows.map((r) => ({
    key: `workflow:${r.workflow_id}`,
    label: r.name,
    count: Number(r.failures),
    summary: `${r.failures} failed run${Number(r.failures) === 1 ? "" : "s"}; last error: ${r.message ?? "unknown"}`,
    details: { workflowId: r.workflow_id, lastFailureAt: new Date(r.last_failure).toISOString(), lastError: r.message },
  }));
}

async function consecutive(db: Db, rule: RuleRow, now: Date): Promise<FiringSubject[]> {
  const n = Math.round(param(rule, "count"));
  const rows = await queryRows<{ id: string; name: string; message: string | null }>(
    db,
    sql`select w.id, w.name, (array_agg(l.message))[1] as message
        from workflows w cross join lateral (
          select e.status, e.error->>'message' as message from executions e
          where e.workflow_id = w.id and e.mode = 'production' and e.status in ('succeeded', 'failed')
            and e.created_at >= ${iso(new Date(now.getTime() - 30 * DAY_MS))}::timestamptz and e.finished_at <= ${iso(now)}::timestamptz
          order by e.created_at desc, e.id desc limit ${n}
        ) l
        where w.workspace_id = ${rule.workspaceId}::uuid and w.deleted_at is null and ${scope(rule, sql`w.id`)}
        group by w.id, w.name
        having count(*) = ${n} and count(*) filter (where l.status = 'failed') = ${n}`,
  );
  return rows.map((r) => ({ key: `workflow:${r.id}`, label: r.name, count: n, summary: `The last ${n} runs failed; last error: ${r.message ?? "unknown"}`, details: { workflowId: r.id, lastError: r.message } }));
}

async function failureRate(db: Db, rule: RuleRow, now: Date): Promise<FiringSubject[]> {
  const percent = param(rule, "percent");
  const windowMin = param(rule, "windowMinutes");
  const minRuns = Math.round(param(rule, "minRuns"));
  const rows = await queryRows<{ workflow_id: string; name: string; total: number; failed: number }>(
    db,
    sql`select e.workflow_id, w.name, count(*)::int as total, count(*) filter (where e.status = 'failed')::int as failed
        from executions e join workflows w on w.id = e.workflow_id
        where e.workspace_id = ${rule.workspaceId}::uuid and e.mode = 'production' and e.status in ('succeeded', 'failed')
          and e.finished_at >= ${iso(new Date(now.getTime() - windowMin * 60_000))}::timestamptz and e.finished_at <= ${iso(now)}::timestamptz and ${scope(rule)}
        group by e.workflow_id, w.name
        having count(*) >= ${minRuns} and count(*) filter (where e.status = 'failed') * 100.0 / count(*) >= ${percent}`,
  );
  return rows.map((r) => {
    const rate = Math.round((Number(r.failed) * 1000) / Number(r.total)) / 10;
    return { key: `workflow:${r.workflow_id}`, label: r.name, count: Number(r.failed), summary: `${rate}% of runs failed in the last ${windowMin} min (${r.failed} of ${r.total})`, details: { workflowId: r.workflow_id, rate, total: Number(r.total) } };
  });
}

async function credentials(db: Db, rule: RuleRow): Promise<FiringSubject[]> {
  const rows = await queryRows<{ id: string; name: string; reason: string | null }>(
    db,
    sql`select id, name, status_reason as reason from credentials where workspace_id = ${rule.workspaceId}::uuid and status = 'needs_reconnect'`,
  );
  return rows.map((r) => ({ key: `credential:${r.id}`, label: r.name, count: 1, summary: `The credential "${r.name}" needs to be reconnected${r.reason ? `: ${r.reason}` : ""}`, details: { credentialId: r.id } }));
}

async function slaBreaches(db: Db, rule: RuleRow): Promise<FiringSubject[]> {
  const rows = await queryRows<{ id: string; kind: string; threshold: number; last_value: number | null; workflow_id: string; name: string }>(
    db,
    sql`select m.id, m.kind, m.threshold, m.last_value, m.workflow_id, w.name from sla_monitors m join workflows w on w.id = m.workflow_id
        where m.workspace_id = ${rule.workspaceId}::uuid and m.health = 'red' and ${scope(rule, sql`m.workflow_id`)}`,
  );
  return rows.map((r) => ({ key: `sla:${r.id}`, label: r.name, count: 1, summary: `SLA breached: ${describeSla(r.kind, Number(r.threshold), r.last_value)}`, details: { workflowId: r.workflow_id, monitorId: r.id } }));
}

export function describeSla(kind: string, threshold: number, value: number | null): string {
  const v = value === null ? "no data" : kind === "success_rate" ? `${Math.round(value * 10) / 10}%` : kind === "p95_duration" ? `${Math.round(value * 10) / 10} s` : `${Math.round(value)} min`;
  if (kind === "p95_duration") return `95% of runs should finish within ${threshold} s (now ${v})`;
  if (kind === "success_rate") return `at least ${threshold}% of runs should succeed (now ${v})`;
  return `a successful run at least every ${threshold} min (last one ${value === null ? "never" : `${v} ago`})`;
}
