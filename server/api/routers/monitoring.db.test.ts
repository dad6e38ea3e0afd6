// Run history and monitoring through tRPC: error groups, dashboard figures, runs filters, and who
// may do what (viewers read; editors retry; admins change alerts; nothing crosses workspaces).
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { addMember, callerFor, makeWorkspaceWithOwner } from "@/server/api/testing";
import { fileFailures, resetFailureFiling } from "@/server/monitoring/failures";
import { seedRuns, seedWorkflow } from "@/server/monitoring/testing/seed";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

async function setUp() {
  const a = await makeWorkspaceWithOwner(t.db, "Alice");
  const viewer = await addMember(t.db, a.workspaceId, "viewer");
  const b = await makeWorkspaceWithOwner(t.db, "Bob");
  const wf = await seedWorkflow(t.db, a.workspaceId);
  const other = await seedWorkflow(t.db, b.workspaceId, "Bob's flow");
  return { a, b, viewer, wf, other, owner: callerFor(t.db, a.owner, a.workspaceId), asViewer: callerFor(t.db, viewer, a.workspaceId), bob: callerFor(t.db, b.owner, b.workspaceId) };
}

describe(`run history and monitoring on ${testDriver}`, () => {
  it("groups seeded failures by node type and normalized message", async () => {
    const { a, wf, owner } = await setUp();
    const now = Date.now();
    const at = (i: number) => new Date(now - 3600_000 + i * 1000);
    await seedRuns(t.db, a.workspaceId, wf, [
      ...[17, 204, 99_812].map((n, i) => ({ status: "failed" as const, finishedAt: at(i), failedNodeId: "crm", message: `CRM answered HTTP 500 for lead ${n}` })),
      ...["ada@example.com", "bob@example.org"].map((e, i) => ({ status: "failed" as const, finishedAt: at(10 + i), failedNodeId: "crm", message: `Contact "${e}" not found (id 6f1e2d3c-1111-4222-8333-94444555566${i})` })),
      { status: "failed" as const, finishedAt: at(20), failedNodeId: "mail", message: "CRM answered HTTP 500 for lead 5" },
      { status: "succeeded" as const, finishedAt: at(30) },
    ]);
    resetFailureFiling(t.db);
    expect(await fileFailures(t.db, new Date())).toBeGreaterThanOrEqual(6);
    const d = await owner.monitoring.dashboard({ hours: 24 });
    expect(d.errors.map((e) => [e.nodeType, e.title, e.count])).toEqual([
      ["http.request", "CRM answered HTTP <n> for lead <n>", 3],
      ["http.request", "Contact <value> not found (id <uuid>)", 2],
      ["email.send", "CRM answered HTTP <n> for lead <n>", 1],
    ]);
    expect(d.errors[0]!.firstSeen.getTime()).toBe(at(0).getTime());
    expect(d.errors[0]!.lastSeen.getTime()).toBe(at(2).getTime());
    const stats = d.workflows.find((w) => w.workflowId === wf)!;
    expect([stats.total, stats.failed, stats.succeeded]).toEqual([7, 6, 1]);
    // Whole closed hours come from the hourly rollup's histogram: percentiles within 10% (decision 0803).
    expect(Math.abs(stats.p95Seconds! - 1)).toBeLessThanOrEqual(0.1);
    expect(d.series.points.reduce((n, p) => n + p.failed, 0)).toBe(6);
    expect(d.recent).toHaveLength(6);
  });

  it("filters runs, pages by keyset and counts per status", async () => {
    const { a, wf, owner } = await setUp();
    const base = Date.now() - 600_000;
    await seedRuns(
      t.db,
      a.workspaceId,
      wf,
      Array.from({ length: 25 }, (_, i) => ({ status: i % 5 === 0 ? ("failed" as const) : ("succeeded" as const), finishedAt: new Date(base + i * 1000), triggerData: { email: `lead${i}@example.test` } })),
    );
    const page1 = await owner.run.list({ filter: { workflowId: wf }, limit: 10 });
    expect(page1.items).toHaveLength(10);
    const page2 = await owner.run.list({ filter: { workflowId: wf }, limit: 10, cursor: page1.nextCursor });
    const page3 = await owner.run.list({ filter: { workflowId: wf }, limit: 10, cursor: page2.nextCursor });
    expect(new Set([...page1.items, ...page2.items, ...page3.items].map((r) => r.id)).size).toBe(25);
    expect(page3.nextCursor).toBeNull();
    expect((await owner.run.list({ filter: { status: "failed", workflowId: wf } })).items).toHaveLength(5);
    expect((await owner.run.list({ filter: { search: "lead7@" } })).items).toHaveLength(1);
    // A search pages by keyset too, newest first, with nothing skipped or repeated.
    const searched: string[] = [];
    let cursor: typeof page1.nextCursor = null;
    do {
      const page = await owner.run.list({ filter: { workflowId: wf, search: "@example.test" }, limit: 10, cursor });
      searched.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(searched).toEqual([...page1.items, ...page2.items, ...page3.items].map((r) => r.id));
    expect((await owner.run.list({ filter: { trigger: "webhook", workflowId: wf } })).items).toHaveLength(25);
    expect((await owner.run.list({ filter: { trigger: "schedule", workflowId: wf } })).items).toHaveLength(0);
    // Runs started within the same millisecond are all reached page by page (microsecond cursor).
    const same = await seedRuns(t.db, a.workspaceId, wf, [1, 2, 3].map(() => ({ status: "succeeded" as const, finishedAt: new Date(base - 3_600_000) })));
    await t.db.execute(sql`update executions set created_at = '2020-01-01 10:00:00.123100+00'::timestamptz + (random() * interval '800 microseconds') where id in (${sql.join(same.map((id) => sql`${id}::uuid`), sql`, `)})`);
    const seen: string[] = [];
    const filter = { workflowId: wf, to: new Date("2020-01-02") };
    let page = await owner.run.list({ filter, limit: 1 });
    seen.push(...page.items.map((r) => r.id));
    while (page.nextCursor) {
      page = await owner.run.list({ filter, limit: 1, cursor: page.nextCursor });
      seen.push(...page.items.map((r) => r.id));
    }
    expect(new Set(seen)).toEqual(new Set(same));
    await t.db.execute(sql`delete from executions where id in (${sql.join(same.map((id) => sql`${id}::uuid`), sql`, `)})`);
    const counts = await owner.run.counts({ filter: { workflowId: wf } });
    expect([counts.counts.succeeded, counts.counts.failed, counts.counts.running]).toEqual([20, 5, 0]);
  });

  it("viewers read but cannot retry, cancel, replay or change alerts; other workspaces stay invisible", async () => {
    const { a, b, wf, other, asViewer, bob } = await setUp();
    const [failedId] = await seedRuns(t.db, a.workspaceId, wf, [{ status: "failed", finishedAt: new Date() }]);
    const [bobRun] = await seedRuns(t.db, b.workspaceId, other, [{ status: "failed", finishedAt: new Date() }]);
    expect((await asViewer.run.list({ filter: {} })).items.map((r) => r.id)).toContain(failedId);
    await expect(asViewer.run.retry({ id: failedId! })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asViewer.run.cancel({ id: failedId! })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asViewer.run.replay({ id: failedId!, on: "ran" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asViewer.run.bulkRetry({ filter: {} })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asViewer.monitoring.saveRule({ name: "x", kind: "any_failure", workflowId: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asViewer.monitoring.createChannel({ name: "x", kind: "slack", url: "https://hooks.example.com/x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asViewer.audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Bob sees nothing of Alice's workspace, and cannot act on it.
    expect((await bob.run.list({ filter: {} })).items.map((r) => r.id)).toEqual([bobRun]);
    await expect(bob.run.get({ id: failedId! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(bob.run.retry({ id: failedId! })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await bob.run.list({ filter: { workflowId: wf } })).items).toEqual([]);
    expect((await bob.monitoring.dashboard({ hours: 24 })).workflows.map((w) => w.workflowId)).toEqual([other]);
  });

  it("the audit log records alert and SLA changes, filterable", async () => {
    const { wf, owner } = await setUp();
    const ch = await owner.monitoring.createChannel({ name: "Team chat", kind: "slack", url: "https://hooks.example.com/x" });
    await owner.monitoring.saveRule({ name: "Lead failures", kind: "consecutive_failures", workflowId: wf, params: { count: 3 }, channelIds: [ch.id] });
    await owner.monitoring.createMonitor({ workflowId: wf, kind: "success_rate", threshold: 95 });
    const all = await owner.audit.list({});
    expect(all.items.map((i) => i.action).slice(0, 3)).toEqual(["sla_monitor.create", "alert_rule.create", "alert_channel.create"]);
    expect((await owner.audit.list({ action: "alert_" })).items).toHaveLength(0);
    expect((await owner.audit.list({ targetType: "alert_rule" })).items).toHaveLength(1);
    expect((await owner.audit.list({ search: "Lead failures" })).items).toHaveLength(1);
  });
});
