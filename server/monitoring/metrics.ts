// Prometheus metrics, computed from the database at scrape time (so every process answers for the
// whole installation, and nothing is lost when a worker restarts). Own Registry: nothing of the
// default registry (process metrics of whichever process serves the scrape) leaks in.
import { timingSafeEqual } from "node:crypto";
import { sql } from "drizzle-orm";
import { Gauge, Histogram, Registry } from "prom-client";
import { queryRows, type Db } from "@/db/client";

const DURATION_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export function createMetrics() {
  const registry = new Registry();
  const executions = new Gauge({ name: "switchyard_executions", help: "Stored executions by workflow and status", labelNames: ["workflow_id", "workflow", "status", "mode"], registers: [registry] });
  const queueDepth = new Gauge({ name: "switchyard_queue_depth", help: "Steps due to run now (queued or waiting with run_at in the past)", registers: [registry] });
  const oldestDue = new Gauge({ name: "switchyard_oldest_due_step_age_seconds", help: "Age of the oldest step that is due but not claimed", registers: [registry] });
  const running = new Gauge({ name: "switchyard_steps_running", help: "Steps currently leased by a worker", registers: [registry] });
  const webhooks = new Gauge({ name: "switchyard_webhook_requests", help: "Accepted webhook deliveries still in the dedupe window, by outcome", labelNames: ["mode", "outcome"], registers: [registry] });
  const stepDuration = new Histogram({ name: "switchyard_step_duration_seconds", help: "Duration of finished steps (observed once, from the database, by the scraping process)", labelNames: ["status"], buckets: DURATION_BUCKETS, registers: [registry] });
  let lastScrape = new Date(Date.now() - 5 * 60_000);

  async function collect(db: Db): Promise<string> {
    const now = new Date();
    const [execRows, queue, inbox, steps] = await Promise.all([
      queryRows<{ workflow_id: string; name: string; status: string; mode: string; n: number }>(
        db,
        sql`select e.workflow_id, w.name, e.status, e.mode, e.n from (select workflow_id, status, mode, count(*)::int as n from executions group by 1, 2, 3) e join workflows w on w.id = e.workflow_id`,
      ),
      queryRows<{ due: number; running: number; oldest: number | null }>(
        db,
        sql`select count(*) filter (where status in ('queued', 'waiting') and run_at <= now())::int as due,
                   count(*) filter (where status = 'running')::int as running,
                   extract(epoch from now() - min(run_at) filter (where status in ('queued', 'waiting') and run_at <= now())) as oldest
            from step_runs where status in ('queued', 'waiting', 'running')`,
      ),
      queryRows<{ mode: string; outcome: string; n: number }>(
        db,
        sql`select mode, case when execution_id is null then 'no_run' else 'started_run' end as outcome, count(*)::int as n from webhook_inbox group by 1, 2`,
      ),
      queryRows<{ status: string; seconds: number }>(
        db,
        sql`select status, extract(epoch from finished_at - started_at) as seconds from step_runs
            where status in ('succeeded', 'failed') and started_at is not null and finished_at > ${lastScrape.toISOString()}::timestamptz and finished_at <= ${now.toISOString()}::timestamptz
            limit 100000`,
      ),
    ]);
    lastScrape = now;
    executions.reset();
    for (const r of execRows) executions.set({ workflow_id: r.workflow_id, workflow: r.name, status: r.status, mode: r.mode }, Number(r.n));
    queueDepth.set(Number(queue[0]?.due ?? 0));
    running.set(Number(queue[0]?.running ?? 0));
    oldestDue.set(Math.max(0, Number(queue[0]?.oldest ?? 0)));
    webhooks.reset();
    for (const r of inbox) webhooks.set({ mode: r.mode, outcome: r.outcome }, Number(r.n));
    for (const s of steps) stepDuration.observe({ status: s.status }, Math.max(0, Number(s.seconds)));
    return registry.metrics();
  }
  return { registry, collect, contentType: registry.contentType };
}

/** Constant-time bearer check; false when no token is configured (the endpoint then answers 404). */
export function metricsTokenOk(header: string | null, configured = process.env.SWITCHYARD_METRICS_TOKEN): boolean {
  if (!configured) return false;
  const given = header?.startsWith("Bearer ") ? header.slice(7) : "";
  const a = Buffer.from(given);
  const b = Buffer.from(configured);
  return a.length === b.length && timingSafeEqual(a, b);
}
