// Alerts end to end over real peers: an SMTP server (smtp-server) and a webhook receiver on
// 127.0.0.1, both allow-listed in the workspace's outbound settings.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { generateKey, parseKeyRing } from "@/server/integrations/vault";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { createCredential } from "@/server/services/credentials";
import { setOutboundAllowList } from "@/server/services/outbound-settings";
import { createChannel, listIncidents, saveRule } from "@/server/services/alerts";
import { createMonitor } from "@/server/services/sla";
import { evaluateAlerts } from "./alerts-evaluate";
import { evaluateSlaMonitors } from "./sla-evaluate";
import { seedRuns, seedWorkflow } from "./testing/seed";

const ring = parseKeyRing(generateKey());
const actor = { id: null, label: "Test admin" };
let t: TestDb;
let smtp: SMTPServer;
let smtpPort = 0;
const mails: string[] = [];
let hookServer: http.Server;
let hookUrl = "";
const hooks: Array<{ headers: http.IncomingHttpHeaders; body: string }> = [];

beforeAll(async () => {
  t = await createTestDb();
  smtp = new SMTPServer({
    // Pooled senders keep connections open; do not wait 30 s for them on close.
    closeTimeout: 200,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, _session, cb) {
      let data = "";
      stream.on("data", (c: Buffer) => (data += c.toString()));
      stream.on("end", () => {
        mails.push(data);
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  hookServer = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      hooks.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hookServer.listen(0, "127.0.0.1", r));
  hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/alerts`;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp?.close(() => r()));
  await new Promise<void>((r) => hookServer?.close(() => r()));
  await t?.close();
});

async function workspaceWithChannels() {
  const { workspaceId } = await makeWorkspaceWithOwner(t.db);
  await setOutboundAllowList(t.db, workspaceId, actor, ["127.0.0.1"]);
  const cred = await createCredential(t.db, workspaceId, actor, { type: "smtp", name: "Relay", settings: { host: "127.0.0.1", port: smtpPort, fromAddress: "alerts@example.test" }, secret: {} }, { ring });
  const mail = await createChannel(t.db, workspaceId, actor, { name: "Ops mail", kind: "email", to: ["ops@example.test"], credentialId: cred.id }, { ring });
  const hook = await createChannel(t.db, workspaceId, actor, { name: "Ops hook", kind: "webhook", url: hookUrl }, { ring });
  return { workspaceId, channelIds: [mail.id, hook.id], secret: hook.secret! };
}

describe(`alerts on ${testDriver}`, () => {
  it("50 failures within a minute: one notification per channel, then one resolved", async () => {
    const { workspaceId, channelIds, secret } = await workspaceWithChannels();
    const wf = await seedWorkflow(t.db, workspaceId);
    await saveRule(t.db, workspaceId, actor, { name: "Any failure", kind: "any_failure", workflowId: null, channelIds });
    const base = Date.now() - 60_000;
    mails.length = 0;
    hooks.length = 0;
    // Failures arrive while evaluations run (as with a 30 s job, or several processes at once).
    for (let batch = 0; batch < 5; batch++) {
      await seedRuns(t.db, workspaceId, wf, Array.from({ length: 10 }, (_, i) => ({ status: "failed" as const, finishedAt: new Date(base + batch * 10_000 + i * 900), message: `Lead ${batch * 10 + i} rejected: HTTP 500` })));
      const now = new Date(base + batch * 10_000 + 9_500);
      await Promise.all([evaluateAlerts(t.db, now, { ring }), evaluateAlerts(t.db, now, { ring })]);
    }
    expect(mails).toHaveLength(1);
    expect(hooks).toHaveLength(1);
    expect(mails[0]).toContain("Lead intake");
    const payload = new Webhook(secret).verify(hooks[0]!.body, hooks[0]!.headers as Record<string, string>) as { type: string; count: number };
    expect(payload.type).toBe("alert.opened");

    // A successful run clears it: exactly one "resolved" per channel, however often we evaluate.
    await seedRuns(t.db, workspaceId, wf, [{ status: "succeeded", finishedAt: new Date(base + 55_000) }]);
    for (let i = 0; i < 3; i++) await evaluateAlerts(t.db, new Date(base + 56_000 + i * 1000), { ring });
    expect(mails).toHaveLength(2);
    expect(hooks).toHaveLength(2);
    expect(mails[1]).toContain("Resolved");
    const resolved = JSON.parse(hooks[1]!.body) as { type: string; count: number };
    expect(resolved.type).toBe("alert.resolved");
    expect(resolved.count).toBe(50);
    const [incident] = await listIncidents(t.db, workspaceId);
    expect(incident?.status).toBe("resolved");
    expect(incident?.count).toBe(50);
    expect(incident?.notifications.filter((n) => n.status === "sent")).toHaveLength(4);
  });

  it("a freshness SLA breach raises one alert with a controllable clock; recovery resolves it", async () => {
    const { workspaceId, channelIds } = await workspaceWithChannels();
    const wf = await seedWorkflow(t.db, workspaceId, "Nightly sync");
    await createMonitor(t.db, workspaceId, actor, { workflowId: wf, kind: "freshness", threshold: 60 });
    await saveRule(t.db, workspaceId, actor, { name: "SLA breach", kind: "sla_breach", workflowId: wf, channelIds: [channelIds[1]!] });
    hooks.length = 0;
    const t0 = Date.now();
    const tick = async (minutes: number) => {
      const now = new Date(t0 + minutes * 60_000);
      await evaluateSlaMonitors(t.db, now);
      await evaluateAlerts(t.db, now, { ring });
    };
    await tick(30); // green: 30 min since the monitor started
    await tick(55); // amber
    expect(hooks).toHaveLength(0);
    await tick(61); // red → alert
    await tick(70);
    await tick(90);
    expect(hooks.map((h) => (JSON.parse(h.body) as { type: string }).type)).toEqual(["alert.opened"]);
    await seedRuns(t.db, workspaceId, wf, [{ status: "succeeded", finishedAt: new Date(t0 + 91 * 60_000) }]);
    await tick(92);
    await tick(93);
    expect(hooks.map((h) => (JSON.parse(h.body) as { type: string }).type)).toEqual(["alert.opened", "alert.resolved"]);
  });

  it("consecutive failures, failure rate and credential reconnect open and resolve incidents", async () => {
    const { workspaceId } = await workspaceWithChannels();
    const wf = await seedWorkflow(t.db, workspaceId, "Invoices");
    await saveRule(t.db, workspaceId, actor, { name: "3 in a row", kind: "consecutive_failures", workflowId: wf, params: { count: 3 } });
    await saveRule(t.db, workspaceId, actor, { name: "Over 50%", kind: "failure_rate", workflowId: null, params: { percent: 50, windowMinutes: 60, minRuns: 3 } });
    await saveRule(t.db, workspaceId, actor, { name: "Reconnect", kind: "credential_reconnect", workflowId: null });
    const base = Date.now() - 30 * 60_000;
    const at = (m: number) => new Date(base + m * 60_000);
    await seedRuns(t.db, workspaceId, wf, [
      { status: "succeeded", finishedAt: at(1) },
      { status: "failed", finishedAt: at(2) },
      { status: "failed", finishedAt: at(3) },
    ]);
    const open = async (now: Date) => {
      await evaluateAlerts(t.db, now, { ring });
      return (await listIncidents(t.db, workspaceId)).filter((i) => i.status === "open").map((i) => i.ruleName).sort();
    };
    expect(await open(at(4))).toEqual(["Over 50%"]); // 2 of 3 failed, but only 2 in a row
    await seedRuns(t.db, workspaceId, wf, [{ status: "failed", finishedAt: at(5) }]);
    expect(await open(at(6))).toEqual(["3 in a row", "Over 50%"]);
    await t.db.execute(sql`update credentials set status = 'needs_reconnect', status_reason = 'token revoked' where workspace_id = ${workspaceId}::uuid`);
    expect(await open(at(7))).toEqual(["3 in a row", "Over 50%", "Reconnect"]);
    await seedRuns(t.db, workspaceId, wf, [1, 2, 3, 4].map((i) => ({ status: "succeeded" as const, finishedAt: at(7 + i) })));
    await t.db.execute(sql`update credentials set status = 'ok' where workspace_id = ${workspaceId}::uuid`);
    expect(await open(at(12))).toEqual([]);
  });
});
