import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { generateWebhookSecret } from "@/server/integrations/outbound-webhook";
import { leaves, parseMime } from "@/server/integrations/testing/mime";
import { startPeer } from "@/server/integrations/testing/peer";
import { generateKey, parseKeyRing } from "@/server/integrations/vault";
import { createCredential } from "@/server/services/credentials";
import { setOutboundAllowList } from "@/server/services/outbound-settings";
import { createIntegrationExecutors } from "./executors";
import { executorOf, runExecutor } from "./testing";

const ring = parseKeyRing(generateKey());
const SMTP_PASS = "CANARY smtp password 9931";
const inbox: { raw: string; user?: string; to: string[] }[] = [];
let server: SMTPServer;
let port: number;
let t: TestDb;
let ws: string;
let actor: { id: string; label: string };

beforeAll(async () => {
  server = new SMTPServer({
    // Pooled senders keep connections open; do not wait 30 s for them on close.
    closeTimeout: 200,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _s, cb) {
      if (auth.username === "mailer" && auth.password === SMTP_PASS) return cb(null, { user: "mailer" });
      cb(new Error(`Invalid login for ${auth.username} with ${auth.password}`)); // a server that echoes the password
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        inbox.push({ raw: Buffer.concat(chunks).toString("utf8"), user: session.user as string | undefined, to: session.envelope.rcptTo.map((r) => r.address) });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.server.address() as AddressInfo).port;
  t = await createTestDb();
  const a = await makeWorkspaceWithOwner(t.db, "Office");
  ws = a.workspaceId;
  actor = { id: a.owner.id, label: "Office" };
  await setOutboundAllowList(t.db, ws, actor, ["127.0.0.1/32"]);
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t?.close();
});

const nodes = () => createIntegrationExecutors(t.db, { ring });

describe("Send e-mail node through a real SMTP server", () => {
  it("uses the workspace's default SMTP credential; the message has the subject, bodies and attachment", async () => {
    await createCredential(t.db, ws, actor, { name: "Office mail", type: "smtp", settings: { host: "127.0.0.1", port, username: "mailer", fromAddress: "Office <office@acme.test>" }, secret: { password: SMTP_PASS }, isDefault: true }, { ring });
    const pdf = Buffer.from("%PDF-1.4 invoice 42 \u0000\u0001");
    // Config values as the engine hands them over: templates already rendered.
    const r = await runExecutor(executorOf(nodes(), "email.send"), ws, {
      to: "anna@example.test, ben@example.test",
      cc: "boss@example.test",
      subject: "Invoice 42 for Müller GmbH",
      text: "Hello Anna,\nyour invoice is attached.",
      html: "<p>Hello <b>Anna</b></p>",
      attachments: [{ filename: "invoice-42.pdf", content: pdf.toString("base64"), contentType: "application/pdf" }],
    });
    expect(r).toMatchObject({ output: { accepted: ["anna@example.test", "ben@example.test", "boss@example.test"], attachments: 1 } });
    const got = inbox.at(-1)!;
    expect(got.user).toBe("mailer");
    const mail = parseMime(got.raw);
    expect(mail.headers.subject).toBe("Invoice 42 for Müller GmbH");
    expect(mail.headers.from).toContain("office@acme.test");
    const parts = leaves(mail);
    expect(parts.find((p) => p.contentType === "text/plain")?.body.toString().replace(/\r\n/g, "\n")).toBe("Hello Anna,\nyour invoice is attached.");
    expect(parts.find((p) => p.contentType === "text/html")?.body.toString()).toBe("<p>Hello <b>Anna</b></p>");
    expect(parts.find((p) => p.contentType === "application/pdf")?.body.equals(pdf)).toBe(true);
  });

  it("a wrong password fails at once, and the error does not repeat the password", async () => {
    const bad = await createCredential(t.db, ws, actor, { name: "Bad mail", type: "smtp", settings: { host: "127.0.0.1", port, username: "mailer" }, secret: { password: "wrong-password-123" } }, { ring });
    const err = await runExecutor(executorOf(nodes(), "email.send"), ws, { credentialId: bad.id, from: "a@acme.test", to: "x@example.test", subject: "s", text: "t" }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "CREDENTIAL_INVALID", retryable: false });
    expect((err as Error).message).toContain("[redacted]");
    expect((err as Error).message).not.toContain("wrong-password-123");
  });
});

describe("Notification node", () => {
  it("posts an escaped Slack message and a generic webhook signed with Standard Webhooks headers", async () => {
    const hook = await startPeer((_q, res) => res.end("ok"));
    try {
      const notify = executorOf(nodes(), "notify.send");
      await runExecutor(notify, ws, { channel: "slack", url: `${hook.origin}/slack`, text: "New lead <!channel> from ACME" });
      expect(JSON.parse(hook.requests[0]!.body)).toEqual({ text: "New lead &lt;!channel&gt; from ACME" });

      const secret = generateWebhookSecret();
      const signer = await createCredential(t.db, ws, actor, { name: "Webhook signer", type: "hmac", secret: { secret } }, { ring });
      const executionId = crypto.randomUUID();
      const config = { channel: "generic", url: `${hook.origin}/generic`, payload: '{"event":"lead.created","id":7}', signingCredentialId: signer.id };
      const r = await runExecutor(notify, ws, config, { executionId });
      const q = hook.requests[1]!;
      const verified = new Webhook(secret).verify(q.body, q.headers as Record<string, string>);
      expect(verified).toEqual({ event: "lead.created", id: 7 });
      expect(r).toMatchObject({ output: { delivered: true, messageId: q.headers["webhook-id"] } });
      // A retry of the same step carries the same webhook-id, so the receiver can drop it.
      await runExecutor(notify, ws, config, { executionId });
      expect(hook.requests[2]!.headers["webhook-id"]).toBe(q.headers["webhook-id"]);
      expect(JSON.stringify(r)).not.toContain(secret);
    } finally {
      await hook.close();
    }
  });
});
