// bench/leads: 10,000 leads through the installed "New lead to client" template on Postgres, over
// real HTTP (the intake behind node:http), e-mails to a real SMTP sink that counts them.
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//   node --conditions=react-server --import tsx bench/leads/run.ts [--quick] [--extra-workers 0,2] [--leads N]
// Two set-ups, each on a fresh scratch database: the worker in this process only, then the same
// plus 2 worker processes (`npm run worker`). Counts must be exact; see checkCounts. --quick posts
// 500 leads and writes no results; --extra-workers picks the set-ups (e.g. 0 for the first only);
// --leads N posts N leads. Only the full default run writes results and docs/benchmarks.md.
import { spawn, type ChildProcess } from "node:child_process";
import { sql } from "drizzle-orm";
import { createDb, queryRows } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { createScratchDatabase } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { createAppRegistry } from "@/server/app-registry";
import { startMailSink } from "@/server/demo/mail-sink";
import { startPeer } from "@/server/integrations/testing/peer";
import { generateKey } from "@/server/integrations/vault";
import { productCatalog } from "@/server/nodes/catalog/all";
import { progressBus } from "@/server/runtime/progress";
import { startWorker } from "@/server/runtime/worker";
import { updateCredential } from "@/server/services/credentials";
import { setOutboundAllowList } from "@/server/services/outbound-settings";
import { publishWorkflow } from "@/server/services/publishing";
import { installTemplate } from "@/server/services/templates";
import { startWebhookServer } from "@/server/services/testing/webhook-server";
import { listWebhookEndpoints } from "@/server/services/webhook-endpoints";
import { actorOf } from "@/server/services/workspaces";
import { machineLine, percentile, writeResults, writeSection, runMain } from "../report";
import { generateLeads, type LeadPlan } from "./leads";

// One key for this process and the worker processes: they must decrypt the SMTP credential.
process.env.SWITCHYARD_ENCRYPTION_KEY ??= generateKey();
const quick = process.argv.includes("--quick");
const leadsArg = process.argv.indexOf("--leads");
const TOTAL = leadsArg > 0 ? Number(process.argv[leadsArg + 1]) : quick ? 500 : 10_000;
const extraArg = process.argv.indexOf("--extra-workers");
const SETUPS = extraArg > 0 ? process.argv[extraArg + 1]!.split(",").map(Number) : [0, 2];
const CONCURRENCY = 20;

function spawnWorker(url: string, i: number): ChildProcess {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "server/runtime/worker-main.ts"], {
    env: { ...process.env, DATABASE_URL: url, WORKER_ID: `bench-extra-${i}`, WORKER_CONCURRENCY: "8" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return child;
}

async function post(url: string, plan: LeadPlan, total: number) {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        const i = next++;
        const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(plan.bodies[i]) });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
    }),
  );
  return Object.fromEntries(statuses) as Record<string, number>;
}

async function scenario(extraWorkers: number, plan: LeadPlan) {
  const scratch = await createScratchDatabase();
  // The local server allows 100 connections, shared with other work: 30 here + 2 × 12 in the worker processes.
  const handle = await createDb({ url: scratch.url, poolSize: 30 });
  await migrateDb(handle);
  const db = handle.db;
  const welcome = new Map<string, number>();
  let alerts = 0;
  const sink = await startMailSink((m) => {
    for (const to of m.to) {
      if (to === "admin@example.com") alerts++;
      else welcome.set(to, (welcome.get(to) ?? 0) + 1);
    }
  });
  const slack = await startPeer((_r, res) => res.end("ok"));
  const { owner: user, workspaceId } = await makeWorkspaceWithOwner(db);
  const owner = actorOf(user);
  const installed = await installTemplate(db, workspaceId, owner, "lead-to-client", { values: { "notifyTeam.url": `${slack.origin}/alerts`, "emailAdmin.to": "admin@example.com" } });
  await updateCredential(db, workspaceId, owner, { id: installed.credentials[0]!.id, settings: { host: sink.host, port: sink.port, secure: false, username: "", fromAddress: "Sales <sales@example.com>" } });
  await setOutboundAllowList(db, workspaceId, owner, ["127.0.0.1"]);
  const registry = createAppRegistry(db);
  await publishWorkflow(db, workspaceId, owner, installed.workflowId, {}, { registry });
  const token = (await listWebhookEndpoints(db, workspaceId, installed.workflowId))[0]!.token;
  const server = await startWebhookServer(db, { catalog: productCatalog });
  const worker = startWorker({ db, registry, options: { concurrency: 24 } });
  const children = Array.from({ length: extraWorkers }, (_, i) => spawnWorker(scratch.url, i));
  if (extraWorkers) await new Promise((r) => setTimeout(r, 4000)); // let them connect and start claiming
  try {
    const t0 = Date.now();
    const statuses = await post(`${server.url}/api/hooks/${token}`, plan, TOTAL);
    // Respond mode answers at the end of the flow; wait for stragglers (runs answered 202 on timeout).
    for (let i = 0; i < 600; i++) {
      const [{ open }] = (await queryRows<{ open: number }>(db, sql`select count(*)::int as open from executions where status in ('queued','running','waiting')`)) as [{ open: number }];
      if (open === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const [timing] = await queryRows<{ n: number; succeeded: number; failed: number; first: Date; last: Date }>(
      db,
      sql`select count(*)::int as n, count(*) filter (where status = 'succeeded')::int as succeeded, count(*) filter (where status = 'failed')::int as failed,
                 min(created_at) as first, max(finished_at) as last from executions where workflow_id = ${installed.workflowId}`,
    );
    const lat = (await queryRows<{ ms: number }>(db, sql`select extract(epoch from finished_at - created_at) * 1000 as ms from executions where workflow_id = ${installed.workflowId} and finished_at is not null`))
      .map((r) => Number(r.ms))
      .sort((a, b) => a - b);
    // Where the time goes: mean time per step, slowest first (explains the figures).
    const slowestSteps = (
      await queryRows<{ node_id: string; ms: number }>(
        db,
        sql`select node_id, avg(extract(epoch from finished_at - started_at) * 1000) as ms from step_runs where finished_at is not null and started_at is not null group by node_id order by ms desc limit 5`,
      )
    ).map((r) => `${r.node_id} ${Number(r.ms).toFixed(1)} ms`);
    const count = async (table: string) => Number((await queryRows<{ n: number }>(db, sql`select count(*)::int as n from data_rows r join data_tables t on t.id = r.table_id where t.workspace_id = ${workspaceId} and t.name = ${table}`))[0]!.n);
    await new Promise((r) => setTimeout(r, 1000)); // last SMTP deliveries
    const seconds = (new Date(timing!.last).getTime() - new Date(timing!.first).getTime()) / 1000;
    const counts = {
      requests: TOTAL,
      statuses,
      executions: timing!.n,
      succeeded: timing!.succeeded,
      failed: timing!.failed,
      leads: await count("Leads"),
      rejected: await count("Rejected leads"),
      tasks: await count("Tasks"),
      reportingTotal: Number((await queryRows<{ n: number }>(db, sql`select coalesce(sum((r.values->>'leads')::int), 0)::int as n from data_rows r join data_tables t on t.id = r.table_id where t.workspace_id = ${workspaceId} and t.name = 'Reporting'`))[0]!.n),
      welcomeEmails: [...welcome.values()].reduce((a, b) => a + b, 0),
      recipientsMailedTwice: [...welcome.values()].filter((n) => n > 1).length,
      alerts,
      slackAlerts: slack.requests.length,
    };
    return {
      extraWorkers,
      wallSeconds: +((Date.now() - t0) / 1000).toFixed(1),
      executionsPerSecond: +(timing!.n / seconds).toFixed(1),
      p50Ms: Math.round(percentile(lat, 50)),
      p99Ms: Math.round(percentile(lat, 99)),
      counts,
      slowestSteps,
      exact: checkCounts(counts, plan),
    };
  } finally {
    await Promise.all(children.map((c) => new Promise<void>((r) => (c.once("exit", () => r()), c.kill("SIGTERM")))));
    await worker.stop({ graceMs: 5000 });
    await Promise.all([server.close(), sink.close(), slack.close()]);
    await progressBus(db).close();
    await handle.close();
    await scratch.drop();
  }
}

/** Every figure the issue asks to be exact; a list of what is off (empty = all exact). */
function checkCounts(c: { requests: number; statuses: Record<string, number>; executions: number; leads: number; rejected: number; tasks: number; reportingTotal: number; welcomeEmails: number; recipientsMailedTwice: number; alerts: number }, plan: LeadPlan): string[] {
  const off: string[] = [];
  const expect = (what: string, got: number, want: number) => got !== want && off.push(`${what}: ${got}, expected ${want}`);
  const accepted = (c.statuses["200"] ?? 0) + (c.statuses["422"] ?? 0);
  expect("requests accepted (200 + 422)", accepted, c.requests);
  expect("executions", c.executions, accepted);
  expect("Leads rows", c.leads, plan.uniqueValid);
  expect("rejections", c.rejected, plan.invalid);
  expect("422 answers", c.statuses["422"] ?? 0, plan.invalid);
  expect("tasks", c.tasks, plan.uniqueValid);
  expect("daily report total", c.reportingTotal, plan.uniqueValid);
  expect("welcome e-mails", c.welcomeEmails, plan.uniqueValid);
  expect("recipients e-mailed twice", c.recipientsMailedTwice, 0);
  expect("failure alerts", c.alerts, 0);
  return off;
}

async function main() {
  const plan = generateLeads(TOTAL);
  console.log(`Leads: ${TOTAL} requests, ${plan.uniqueValid} unique valid, ${plan.duplicates} duplicates, ${plan.invalid} invalid`);
  const results: Awaited<ReturnType<typeof scenario>>[] = [];
  for (const extra of SETUPS) {
    const r = await scenario(extra, plan);
    console.log(JSON.stringify(r));
    results.push(r);
  }
  if (quick || extraArg > 0 || leadsArg > 0) return;
  writeResults("leads", { machine: machineLine(), at: new Date().toISOString(), concurrency: CONCURRENCY, plan: { total: TOTAL, uniqueValid: plan.uniqueValid, duplicates: plan.duplicates, invalid: plan.invalid }, results });
  const row = (r: (typeof results)[number]) =>
    `| ${r.extraWorkers === 0 ? "worker in the app" : `app + ${r.extraWorkers} worker processes`} | ${r.executionsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.counts.leads} | ${r.counts.rejected} | ${r.counts.executions} | ${r.counts.welcomeEmails} / ${r.counts.recipientsMailedTwice} | ${r.exact.length ? `no: ${r.exact.join("; ")}` : "yes"} |`;
  writeSection(
    "leads",
    `## Lead-to-client flow, 10,000 leads (bench/leads)

${machineLine()}. PostgreSQL, the installed "New lead to client" template (webhook in respond mode → validate → segment → upsert → task → welcome e-mail over SMTP → daily report +1 → log → 200), ${TOTAL} POSTs at concurrency ${CONCURRENCY} to the production URL, ${plan.invalid} invalid (5%), ${plan.duplicates} duplicates differing in case and spacing (10%), so ${plan.uniqueValid} unique valid leads. E-mails counted at a local SMTP server. Latency = execution created (request stored) → finished.

| Workers | executions/s | p50 ms | p99 ms | Leads rows | rejections | executions | welcome e-mails / sent twice | all counts exact |
|---|---|---|---|---|---|---|---|---|
${results.map(row).join("\n")}

Slowest steps (mean, worker in the app): ${results[0]!.slowestSteps.join(", ")}. Since docs/decisions/0903: new rows no longer wait for a shared row-count row (append-only deltas), the daily report is +1 in place rather than a recount of the day's leads, and welcome e-mails go over a pooled SMTP connection per credential. What still bounds the rate: about 80 SQL statements per lead (each a loopback round trip whose kernel cost lands on the sender on these 2 cores), of which the respond-mode wait re-reads the execution and its reply after every step event; the per-workflow admission at each start; and the client itself, which keeps 20 requests open, so executions/s = 20 / latency. The template's limit (20 at once) equals that client concurrency, so it rarely queues a run here. The machine was shared with other benchmarks and builds during the run.`,
  );
}

runMain(main);
