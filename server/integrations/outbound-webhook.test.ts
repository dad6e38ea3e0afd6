import { Webhook } from "standardwebhooks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildSignedWebhook, escapeSlackText, generateWebhookSecret, sendNotification, signWebhook, slackPayload, teamsPayload } from "./outbound-webhook";
import { LOOPBACK_PEERS, startPeer, type Peer } from "./testing/peer";

const peers: Peer[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
const allowList = [...LOOPBACK_PEERS];

describe("Standard Webhooks signing", () => {
  // reliability.md §a.3, verbatim.
  const vector = {
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    timestamp: 1614265330,
    payload: '{"test": 2432232314}',
    expected: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
  };

  it("reproduces the spec vector", () => {
    const h = signWebhook({ secret: vector.secret, id: vector.id, body: vector.payload, timestamp: new Date(vector.timestamp * 1000) });
    expect(h).toEqual({ "webhook-id": vector.id, "webhook-timestamp": "1614265330", "webhook-signature": vector.expected });
    // And the reference verifier accepts it at that time (with and without the whsec_ prefix).
    vi.useFakeTimers({ now: vector.timestamp * 1000 });
    expect(new Webhook(vector.secret).verify(vector.payload, h)).toEqual({ test: 2432232314 });
    expect(new Webhook(vector.secret.slice(6)).verify(vector.payload, h)).toEqual({ test: 2432232314 });
  });

  it("signs the exact bytes sent; a changed byte or an old timestamp fails verification", () => {
    const secret = generateWebhookSecret();
    const s = buildSignedWebhook({ secret, payload: { event: "run.failed", id: 7 }, id: "msg_1" });
    expect(new Webhook(secret).verify(s.body, s.headers)).toEqual({ event: "run.failed", id: 7 });
    expect(() => new Webhook(secret).verify(s.body.replace("7", "8"), s.headers)).toThrow(/No matching signature/);
    const old = buildSignedWebhook({ secret, payload: {}, now: () => Date.now() - 6 * 60_000 });
    expect(() => new Webhook(secret).verify(old.body, old.headers)).toThrow(/too old/);
  });
});

describe("payload builders", () => {
  it("Slack: escapes control characters unless told not to", () => {
    expect(slackPayload({ text: "Order <!channel> & co > 5" })).toEqual({ text: "Order &lt;!channel&gt; &amp; co &gt; 5" });
    expect(slackPayload({ text: "<https://x.example|link>", escape: false, username: "Switchyard", iconEmoji: ":robot_face:" })).toEqual({
      text: "<https://x.example|link>",
      username: "Switchyard",
      icon_emoji: ":robot_face:",
    });
    expect(escapeSlackText("a<b")).toBe("a&lt;b");
  });

  it("Teams: an Adaptive Card message", () => {
    const p = teamsPayload({ title: "Run failed", text: "Step *CRM upsert* failed", facts: [{ title: "Workflow", value: "Leads" }], link: { title: "Open run", url: "https://sy.example/runs/1" } });
    expect(p).toMatchObject({
      type: "message",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard", version: "1.4" } }],
    });
    const card = (p.attachments as { content: { body: { type: string }[]; actions: unknown[] } }[])[0]!.content;
    expect(card.body.map((b) => b.type)).toEqual(["TextBlock", "TextBlock", "FactSet"]);
    expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open run", url: "https://sy.example/runs/1" }]);
  });
});

describe("delivery to a local receiver", () => {
  it("a generic signed webhook verifies at the receiver", async () => {
    const secret = generateWebhookSecret();
    const verified: unknown[] = [];
    const p = await startPeer((req, res) => {
      try {
        verified.push(new Webhook(secret).verify(req.body, req.headers as Record<string, string>));
        res.writeHead(204).end();
      } catch (e) {
        res.writeHead(401).end(String(e));
      }
    });
    peers.push(p);
    const r = await sendNotification({ kind: "generic", url: `${p.origin}/hooks`, payload: { event: "lead.created", lead: { email: "a@b.test" } }, secret }, { allowList });
    expect(r).toMatchObject({ delivered: true, status: 204 });
    expect(r.messageId).toMatch(/^msg_/);
    expect(verified).toEqual([{ event: "lead.created", lead: { email: "a@b.test" } }]);
    expect(p.requests[0]!.headers["webhook-id"]).toBe(r.messageId);
    // A forged secret is refused by the receiver and reported as not delivered.
    const bad = await sendNotification({ kind: "generic", url: p.origin, payload: {}, secret: generateWebhookSecret() }, { allowList });
    expect(bad).toMatchObject({ delivered: false, status: 401 });
  });

  it("Slack and Teams bodies arrive as JSON; a redirect counts as failure; SSRF applies", async () => {
    const p = await startPeer((req, res) => (req.url === "/moved" ? res.writeHead(301, { location: "/hooks" }).end() : res.end("ok")));
    peers.push(p);
    expect(await sendNotification({ kind: "slack", url: `${p.origin}/s`, message: { text: "hi" } }, { allowList })).toMatchObject({ delivered: true, status: 200 });
    expect(JSON.parse(p.requests[0]!.body)).toEqual({ text: "hi" });
    expect(await sendNotification({ kind: "teams", url: `${p.origin}/t`, message: { text: "hi" } }, { allowList })).toMatchObject({ delivered: true });
    expect(p.requests[1]!.headers["content-type"]).toBe("application/json");
    expect(await sendNotification({ kind: "slack", url: `${p.origin}/moved`, message: { text: "x" } }, { allowList })).toMatchObject({ delivered: false, status: 301 });
    const blocked = await sendNotification({ kind: "slack", url: "http://169.254.169.254/hook", message: { text: "x" } });
    expect(blocked.error).toMatchObject({ code: "SSRF_BLOCKED" });
  });
});
