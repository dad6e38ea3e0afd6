// Deletes old finished executions per workspace retention settings, in batches (step rows go with
// them by cascade). Never touches a queued, running or waiting execution, nor a finished child
// whose parent is still going.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";

export const DEFAULT_RETENTION = { successDays: 30, failedDays: 90 } as const;

export async function pruneExecutions(db: Db, now: Date, opts: { batch?: number; maxBatches?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 1000;
  let total = 0;
  for (let i = 0; i < (opts.maxBatches ?? 50); i++) {
    const rows = await queryRows<{ id: string }>(
      db,
      sql`with ws as (
            select id,
                   coalesce((settings->'retention'->>'successDays')::int, ${DEFAULT_RETENTION.successDays}) as success_days,
                   coalesce((settings->'retention'->>'failedDays')::int, ${DEFAULT_RETENTION.failedDays}) as failed_days
            from workspaces)
          delete from executions where id in (
            select e.id from executions e join ws on ws.id = e.workspace_id
            where e.status in ('succeeded', 'failed', 'canceled') and e.finished_at is not null
              and e.finished_at < ${now.toISOString()}::timestamptz - make_interval(days => case when e.status = 'failed' then ws.failed_days else ws.success_days end)
              and not exists (select 1 from executions p where p.id = e.parent_execution_id and p.status in ('queued', 'running', 'waiting'))
            limit ${batch})
          returning id`,
    );
    total += rows.length;
    if (rows.length < batch) break;
  }
  return total;
}
