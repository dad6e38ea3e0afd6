// Seeds a benchmark database with INSERT … SELECT generate_series (no per-row round trips):
// one busy workspace with 50 workflows, N executions over 90 days (85% succeeded, 10% failed,
// 3% canceled, 2% running/waiting; 10% test runs), 10 steps per execution, the failure log and
// the dashboard's hourly rollup.
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { rollupExecutionStats } from "@/server/monitoring/stats-rollup";

export async function seedBench(db: Db, executions: number, stepsPerExecution: number, log: (m: string) => void) {
  const t0 = Date.now();
  await db.execute(sql`insert into users (id, name, email) values ('bench-user', 'Bench', 'bench@example.test')`);
  await db.execute(sql`insert into workspaces (id, name) values ('00000000-0000-4000-8000-000000000001', 'Bench'), ('00000000-0000-4000-8000-000000000002', 'Other')`);
  const kinds = ["webhook", "schedule", "manual", "form"];
  for (let w = 0; w < 50; w++) {
    const trigger = kinds[w % kinds.length];
    const graph = {
      schemaVersion: 1,
      nodes: [
        { id: "t", type: `trigger.${trigger}`, name: "Start", position: { x: 0, y: 0 }, config: {} },
        ...Array.from({ length: stepsPerExecution - 1 }, (_, i) => ({ id: `n${i}`, type: i % 3 === 0 ? "http.request" : "data.set", name: `Step ${i}`, position: { x: 200 * (i + 1), y: 0 }, config: {} })),
      ],
      edges: [],
      settings: { bench: w },
    };
    const ws = w < 45 ? "00000000-0000-4000-8000-000000000001" : "00000000-0000-4000-8000-000000000002";
    await db.execute(sql`insert into execution_graphs (hash, graph) values (${`bench-graph-${w}`}, ${JSON.stringify(graph)}::jsonb)`);
    await db.execute(
      sql`insert into workflows (id, workspace_id, name, draft_graph, status, published_version)
          values (${`00000000-0000-4000-9000-${String(w).padStart(12, "0")}`}::uuid, ${ws}::uuid, ${`Workflow ${w}`}, ${JSON.stringify(graph)}::jsonb, 'active', 1)`,
    );
  }
  log(`graphs and workflows in ${Date.now() - t0} ms`);
  const batch = 200_000;
  for (let from = 1; from <= executions; from += batch) {
    const to = Math.min(executions, from + batch - 1);
    await db.execute(sql`
      insert into executions (id, workspace_id, workflow_id, workflow_version, mode, status, graph_hash, trigger_node_id, trigger_data, error, failed_node_id, timeout_ms, created_at, started_at, finished_at)
      select md5('e' || i)::uuid,
             case when w < 45 then '00000000-0000-4000-8000-000000000001'::uuid else '00000000-0000-4000-8000-000000000002'::uuid end,
             ('00000000-0000-4000-9000-' || lpad(w::text, 12, '0'))::uuid, 1,
             (case when i % 10 = 0 then 'test' else 'production' end)::execution_mode,
             s::execution_status, 'bench-graph-' || w, 't',
             jsonb_build_object('email', 'lead' || i || '@example.test', 'order', i, 'source', 'web'),
             case when s = 'failed' then jsonb_build_object('message', (array['CRM answered HTTP 500 for lead ', 'Contact not found: id ', 'Timed out after 30000 ms on order '])[1 + i % 3] || i, 'code', 'E') end,
             case when s = 'failed' then 'n' || (i % 9) end,
             60000, c, c, case when s in ('running', 'waiting') then null else c + ((50 + i % 5000) || ' milliseconds')::interval end
      from (select i, i % 50 as w,
                   now() - ((${executions} - i)::float8 / ${executions} * interval '90 days') as c,
                   case when i % 100 < 85 then 'succeeded' when i % 100 < 95 then 'failed' when i % 100 < 98 then 'canceled' when i % 100 < 99 then 'running' else 'waiting' end as s
            from generate_series(${from}::int, ${to}::int) i) x`);
    log(`executions ${to.toLocaleString()} (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  for (let from = 1; from <= executions; from += batch / 2) {
    const to = Math.min(executions, from + batch / 2 - 1);
    await db.execute(sql`
      insert into step_runs (execution_id, workspace_id, node_id, scope, attempt, status, input, output, run_at, created_at, started_at, finished_at)
      select md5('e' || i)::uuid,
             case when i % 50 < 45 then '00000000-0000-4000-8000-000000000001'::uuid else '00000000-0000-4000-8000-000000000002'::uuid end,
             case when k = 0 then 't' else 'n' || (k - 1) end, '', 1,
             'succeeded'::step_status, '{"from":[]}'::jsonb, jsonb_build_object('ok', true, 'k', k), null,
             c, c, c + interval '5 milliseconds'
      from (select i, now() - ((${executions} - i)::float8 / ${executions} * interval '90 days') as c from generate_series(${from}::int, ${to}::int) i) x
      cross join generate_series(0, ${stepsPerExecution - 1}) k`);
    log(`steps for executions ${to.toLocaleString()} (${Math.round((Date.now() - t0) / 1000)} s)`);
  }
  await db.execute(sql`
    insert into execution_failures (execution_id, workspace_id, workflow_id, mode, node_id, node_type, fingerprint, message, failed_at)
    select e.id, e.workspace_id, e.workflow_id, e.mode::text, e.failed_node_id, 'http.request', md5(regexp_replace(e.error->>'message', '[0-9]+', '<n>', 'g')), e.error->>'message', e.finished_at
    from executions e where e.status = 'failed'`);
  // The dashboard's hourly rollup, as the monitoring pass keeps it on a live system (every closed
  // hour; the current one is read from executions).
  const rolled = await rollupExecutionStats(db, { maxHours: 24 * 100 });
  log(`rolled up ${rolled} hours (${Math.round((Date.now() - t0) / 1000)} s)`);
  // Index-only scans need the visibility map, as autovacuum keeps it on a live system.
  await db.execute(sql`vacuum analyze`);
  log(`seeded in ${Math.round((Date.now() - t0) / 1000)} s`);
}
