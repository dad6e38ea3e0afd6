// The periodic alert evaluation. Every worker process may run it at the same time without
// duplicating anything:
//  - each rule's transitions run in a transaction holding a per-rule advisory lock (a second
//    evaluator skips the rule); at most one open incident per rule and subject (unique index);
//  - each notification is claimed by inserting its row (unique per incident, channel and event)
//    before sending; failed sends are retried later by whoever claims them with a lease.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { deliver, type ChannelRow, type DeliveryDeps } from "./alert-delivery";
import { firingSubjects, type RuleRow } from "./alert-conditions";
import { alertMessage, type IncidentForMessage } from "./alert-message";

const MAX_ATTEMPTS = 5;
const CLAIM_MS = 60_000;
const iso = (d: Date) => d.toISOString();

export interface EvaluateResult {
  opened: number;
  resolved: number;
  sent: number;
  failed: number;
}

export async function evaluateAlerts(db: Db, now: Date, deps: DeliveryDeps = {}): Promise<EvaluateResult> {
  const out: EvaluateResult = { opened: 0, resolved: 0, sent: 0, failed: 0 };
  const rules = await queryRows<{ id: string; workspace_id: string; name: string; kind: RuleRow["kind"]; workflow_id: string | null; params: Record<string, number>; channel_ids: string[] }>(
    db,
    sql`select id, workspace_id, name, kind, workflow_id, params, channel_ids from alert_rules where enabled order by id`,
  );
  for (const r of rules) {
    const rule: RuleRow = { id: r.id, workspaceId: r.workspace_id, name: r.name, kind: r.kind, workflowId: r.workflow_id, params: r.params ?? {}, channelIds: r.channel_ids ?? [] };
    const t = await transitionRule(db, rule, now);
    out.opened += t.opened;
    out.resolved += t.resolved;
  }
  const d = await sendDue(db, now, deps);
  out.sent += d.sent;
  out.failed += d.failed;
  return out;
}

/** Opens, updates and resolves the rule's incidents, and claims the notifications they need. */
async function transitionRule(db: Db, rule: RuleRow, now: Date): Promise<{ opened: number; resolved: number }> {
  return db.transaction(async (t) => {
    const tx = t as unknown as Db;
    const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(hashtextextended(${rule.id}, 11)) as ok`);
    if (!lock?.ok) return { opened: 0, resolved: 0 };
    const firing = await firingSubjects(tx, rule, now);
    let opened = 0;
    for (const f of firing) {
      const [row] = await queryRows<{ inserted: boolean }>(
        tx,
        sql`insert into alert_incidents (workspace_id, rule_id, subject_key, subject_label, status, count, summary, details, opened_at, last_seen_at)
            values (${rule.workspaceId}::uuid, ${rule.id}::uuid, ${f.key}, ${f.label}, 'open', ${f.count}, ${f.summary}, ${JSON.stringify(f.details)}::jsonb, ${iso(now)}::timestamptz, ${iso(now)}::timestamptz)
            on conflict (rule_id, subject_key) where status = 'open'
            do update set count = greatest(alert_incidents.count, excluded.count), summary = excluded.summary, details = excluded.details, last_seen_at = excluded.last_seen_at
            returning (xmax = 0) as inserted`,
      );
      if (row?.inserted) opened++;
    }
    const keys = firing.map((f) => f.key);
    const resolved = await queryRows<{ id: string }>(
      tx,
      sql`update alert_incidents set status = 'resolved', resolved_at = ${iso(now)}::timestamptz
          where rule_id = ${rule.id}::uuid and status = 'open'
            ${keys.length ? sql`and subject_key not in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})` : sql``}
          returning id`,
    );
    await claimNotifications(tx, rule, now);
    return { opened, resolved: resolved.length };
  });
}

/** One row per (incident, channel, event): "opened" for open incidents, "resolved" once resolved (after an "opened"). */
async function claimNotifications(tx: Db, rule: RuleRow, now: Date): Promise<void> {
  const channels = rule.channelIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (channels.length === 0) return;
  const list = sql.join(channels.map((c) => sql`${c}::uuid`), sql`, `);
  await tx.execute(
    sql`insert into alert_notifications (workspace_id, incident_id, channel_id, event, status, claimed_until)
        select i.workspace_id, i.id, c.id, 'opened', 'pending', null
        from alert_incidents i join alert_channels c on c.workspace_id = i.workspace_id and c.id in (${list})
        where i.rule_id = ${rule.id}::uuid and i.status = 'open'
        on conflict do nothing`,
  );
  await tx.execute(
    sql`insert into alert_notifications (workspace_id, incident_id, channel_id, event, status, claimed_until)
        select n.workspace_id, n.incident_id, n.channel_id, 'resolved', 'pending', null
        from alert_notifications n join alert_incidents i on i.id = n.incident_id
        where i.rule_id = ${rule.id}::uuid and i.status = 'resolved' and n.event = 'opened'
          and i.resolved_at >= ${iso(new Date(now.getTime() - 24 * 3600_000))}::timestamptz
        on conflict do nothing`,
  );
}

/**
 * Sends notifications that are due: new ones (attempts 0) and failed ones whose lease ran out.
 * A "resolved" waits until its "opened" was sent (or gave up), so they arrive in order.
 */
async function sendDue(db: Db, now: Date, deps: DeliveryDeps): Promise<{ sent: number; failed: number }> {
  const claimed = await queryRows<{ id: string | number; event: "opened" | "resolved"; incident_id: string; channel_id: string; attempts: number }>(
    db,
    sql`update alert_notifications n set status = 'pending', attempts = n.attempts + 1, claimed_until = ${iso(new Date(now.getTime() + CLAIM_MS))}::timestamptz
        where n.id in (
          select m.id from alert_notifications m
          where m.status in ('failed', 'pending') and m.attempts < ${MAX_ATTEMPTS}
            and (m.claimed_until is null or m.claimed_until < ${iso(now)}::timestamptz)
            and (m.event = 'opened' or not exists (
              select 1 from alert_notifications o where o.incident_id = m.incident_id and o.channel_id = m.channel_id and o.event = 'opened'
                and o.status <> 'sent' and o.attempts < ${MAX_ATTEMPTS}))
          order by m.id limit 100 for update skip locked)
        returning n.id, n.event, n.incident_id, n.channel_id, n.attempts`,
  );
  let sent = 0;
  let failed = 0;
  for (const c of claimed) {
    const [inc] = await queryRows<IncidentForMessage>(
      db,
      sql`select i.id, i.workspace_id, i.subject_key, i.subject_label, i.status, i.count, i.summary, i.details, i.opened_at, i.resolved_at, r.name as rule_name, r.kind as rule_kind
          from alert_incidents i join alert_rules r on r.id = i.rule_id where i.id = ${c.incident_id}::uuid`,
    );
    const [ch] = await queryRows<{ id: string; workspace_id: string; name: string; kind: ChannelRow["kind"]; config: Record<string, unknown>; secret_enc: string | null }>(
      db,
      sql`select id, workspace_id, name, kind, config, secret_enc from alert_channels where id = ${c.channel_id}::uuid`,
    );
    if (!inc || !ch) continue;
    try {
      await deliver(db, { id: ch.id, workspaceId: ch.workspace_id, name: ch.name, kind: ch.kind, config: ch.config, secretEnc: ch.secret_enc }, alertMessage(inc, c.event, `alert_${c.id}`), deps);
      await db.execute(sql`update alert_notifications set status = 'sent', sent_at = ${iso(now)}::timestamptz, error = null where id = ${Number(c.id)}`);
      sent++;
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      // Retry after a short back-off (the lease), up to MAX_ATTEMPTS.
      await db.execute(sql`update alert_notifications set status = 'failed', error = ${message} where id = ${Number(c.id)}`);
      failed++;
    }
  }
  return { sent, failed };
}
