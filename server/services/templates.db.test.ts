import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { createAppRegistry } from "@/server/app-registry";
import { startMailSink, type MailSink, type SunkMail } from "@/server/demo/mail-sink";
import { startPeer, type Peer } from "@/server/integrations/testing/peer";
import { generateKey, parseKeyRing } from "@/server/integrations/vault";
import { productCatalog } from "@/server/nodes/catalog/all";
import { startWorker, type WorkerHandle } from "@/server/runtime/worker";
import { FAST } from "@/server/runtime/testing/harness";
import { progressBus } from "@/server/runtime/progress";
import { resetAppKeyRing } from "./credentials-keys";
import { actorOf } from "./workspaces";
import { updateCredential } from "./credentials";
import { applySchemaChange, createStarterTables, findRows, loadTable } from "./data-tables";
import { setOutboundAllowList } from "./outbound-settings";
import { lintDraft, publishWorkflow } from "./publishing";
import { installTemplate, listTemplates } from "./templates";
import { startWebhookServer } from "./testing/webhook-server";
import { listWebhookEndpoints } from "./webhook-endpoints";
import { getWorkflow } from "./workflows";

let t: TestDb;
const makeWs = async () => {
  const { owner, workspaceId } = await makeWorkspaceWithOwner(t.db);
  return { id: workspaceId, owner: actorOf(owner) };
};
beforeAll(async () => {
  resetAppKeyRing(parseKeyRing(generateKey()));
  t = await createTestDb();
});
afterAll(async () => {
  resetAppKeyRing();
  await progressBus(t.db).close(); // its LISTEN connection would keep the pool open
  await t.close();
});

describe("installing a template", () => {
  it("lists the gallery with plain-language descriptions", () => {
    const list = listTemplates();
    expect(list.map((x) => x.id)).toEqual(expect.arrayContaining(["lead-to-client", "overdue-invoice-reminders", "support-form-triage", "daily-lead-summary"]));
    expect(list.every((x) => x.description.length > 80)).toBe(true);
  });

  it("creates tables, a placeholder credential and a draft whose problems say what to fill in; a second install reuses them", async () => {
    const ws = await makeWs();
    const owner = ws.owner;
    // A workspace that already has the starter Leads table: the template adds its "Nurture" choice.
    await createStarterTables(t.db, ws.id, owner);
    const first = await installTemplate(t.db, ws.id, owner, "lead-to-client");
    expect(first.tables.find((x) => x.name === "Leads")).toMatchObject({ created: false, changes: ['added choices to "Segment"'] });
    expect(first.tables.find((x) => x.name === "Rejected leads")).toMatchObject({ created: true });
    expect(first.credentials).toEqual([expect.objectContaining({ name: "Lead flow e-mail (needs setup)", created: true })]);
    const wf = await getWorkflow(t.db, ws.id, first.workflowId);
    expect(wf.publishedVersion).toBeNull();
    const problems = (await lintDraft(t.db, ws.id, wf.draftGraph, { registry: createAppRegistry(t.db) })).filter((i) => i.severity === "error");
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Alert the team on Slack.*Webhook URL is required/), expect.stringMatching(/E-mail the admin.*To is required/)]),
    );
    expect(first.todo[0]).toMatch(/Lead flow e-mail \(needs setup\)/);
    const segment = (await loadTable(t.db, ws.id, "Leads")).def.fields.find((f) => f.key === "segment");
    expect(segment && "options" in segment ? segment.options : []).toContain("Nurture");

    const second = await installTemplate(t.db, ws.id, owner, "lead-to-client");
    expect(second.workflowName).toBe("New lead to client (2)");
    expect(second.tables.every((x) => !x.created && x.changes.length === 0)).toBe(true);
    expect(second.credentials[0]).toMatchObject({ id: first.credentials[0]!.id, created: false });
  });

  it("installs every template in an empty workspace", async () => {
    const ws = await makeWs();
    const owner = ws.owner;
    for (const tpl of listTemplates()) {
      const r = await installTemplate(t.db, ws.id, owner, tpl.id, { canCreateCredentials: false });
      expect(r.workflowName.length).toBeGreaterThan(0);
      expect(r.todo.some((x) => /Ask an admin/.test(x))).toBe(true);
    }
  });
});

describe("the lead-to-client flow, end to end over HTTP", () => {
  let mails: SunkMail[];
  let sink: MailSink;
  let slack: Peer;
  let hooks: { url: string; close(): Promise<void> };
  let worker: WorkerHandle;

  beforeAll(async () => {
    mails = [];
    sink = await startMailSink((m) => void mails.push(m));
    slack = await startPeer((_r, res) => res.end("ok"));
    hooks = await startWebhookServer(t.db, { catalog: productCatalog });
    worker = startWorker({ db: t.db, registry: createAppRegistry(t.db), options: FAST });
  });
  afterAll(async () => {
    await worker.stop({ graceMs: 2000 });
    await Promise.all([sink.close(), slack.close(), hooks.close()]);
  });

  it("handles a new lead, its duplicate, an invalid lead and a CRM failure", async () => {
    const ws = await makeWs();
    const owner = ws.owner;
    const r = await installTemplate(t.db, ws.id, owner, "lead-to-client", {
      values: { "notifyTeam.url": `${slack.origin}/hooks/slack`, "emailAdmin.to": "admin@example.com" },
    });
    await updateCredential(t.db, ws.id, owner, { id: r.credentials[0]!.id, settings: { host: sink.host, port: sink.port, secure: false, username: "", fromAddress: "Sales <sales@example.com>" } });
    await setOutboundAllowList(t.db, ws.id, owner, ["127.0.0.1"]);
    await publishWorkflow(t.db, ws.id, owner, r.workflowId, {}, { registry: createAppRegistry(t.db) });
    const [endpoint] = await listWebhookEndpoints(t.db, ws.id, r.workflowId);
    const post = async (body: unknown) => {
      const res = await fetch(`${hooks.url}/api/hooks/${endpoint!.token}`, { method: "POST", headers: { "content-type": "application/json", connection: "close" }, body: JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };

    const ok = await post({ email: "Ann.Lee@Example.com", name: "ann lee", company: "Acme", employees: 40, source: "website" });
    expect(ok).toMatchObject({ status: 200, body: { ok: true, outcome: "created", segment: "SMB" } });
    const again = await post({ email: "  ann.lee@EXAMPLE.com ", name: "Ann Lee", employees: 40 });
    expect(again).toMatchObject({ status: 200, body: { outcome: expect.stringMatching(/updated|unchanged/) } });
    const bad = await post({ email: "not-an-address", employees: -3 });
    expect(bad.status).toBe(422);
    expect(bad.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ field: "email" }), expect.objectContaining({ field: "employees" })]));

    // Injected fault: a rule on Leads that the validation step does not check (notes).
    await applySchemaChange(t.db, ws.id, { actor: owner }, "Leads", { kind: "retype", field: { key: "notes", label: "Notes", type: "long_text", validation: { maxLength: 20 } } });
    const fault = await post({ email: "bob@example.com", name: "Bob", message: "A very long message that breaks the notes rule" });
    expect(fault.status).toBe(500);

    const leads = await findRows(t.db, ws.id, "Leads", {});
    expect(leads.rows.map((x) => x.values.email)).toEqual(["ann.lee@example.com"]);
    expect((await findRows(t.db, ws.id, "Tasks", {})).rows).toHaveLength(1);
    expect((await findRows(t.db, ws.id, "Rejected leads", {})).rows).toHaveLength(1);
    expect((await findRows(t.db, ws.id, "Reporting", {})).rows.map((x) => x.values)).toEqual([expect.objectContaining({ segment: "SMB", leads: 1 })]);
    await expect.poll(() => mails.length, { timeout: 10_000 }).toBe(2);
    expect(mails.find((m) => m.to.includes("ann.lee@example.com"))?.subject).toMatch(/Welcome/);
    expect(mails.find((m) => m.to.includes("admin@example.com"))?.text).toMatch(/Save lead in CRM/);
    expect(slack.requests).toHaveLength(1);
    expect(JSON.parse(slack.requests[0]!.body).text).toMatch(/Save lead in CRM/);
  }, 60_000);
});
