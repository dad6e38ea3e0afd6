import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { executions, webhookEndpoints, workflows } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, FAST, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { startWorker } from "@/server/runtime/worker";
import { createRegistry } from "@/server/nodes/registry";
import { respondWebhookRun } from "@/server/nodes/run/respond-webhook";
import type { NodeExecutor } from "@/server/nodes/executor";
import { signHub } from "@/server/triggers/signatures";
import { bodyFromBytes, receiveWebhook, type IngressDeps } from "./webhook-ingress";
import { publishedWebhook } from "./testing/published-webhook";
import { startWebhookServer } from "./testing/webhook-server";

let t: Harness;
let deps: IngressDeps;
beforeAll(async () => {
  t = await createHarness();
  t.registry = createRegistry([respondWebhookRun as unknown as NodeExecutor]);
  deps = { catalog: t.registry, signingSecrets: async () => ["s3cret-old", "s3cret"] };
});
afterAll(async () => t?.close());

async function hook(config: Record<string, unknown> = {}, opts: { publish?: boolean; extraNodes?: Parameters<typeof graphOf>[0]; edges?: Parameters<typeof graphOf>[1] } = {}) {
  const graph = graphOf([["hook", "trigger.webhook", config], ["a", "data.set", { fields: [{ name: "email", value: "{{ trigger.body.email }}" }] }], ...(opts.extraNodes ?? [])], [["hook", "a"], ...(opts.edges ?? [])]);
  return publishedWebhook(t, graph, opts);
}

function post(token: string, body: string | Uint8Array, headers: Record<string, string> = {}, mode: "production" | "test" = "production", method = "POST") {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return receiveWebhook(t.db, { token, mode, method, headers: new Headers({ "content-type": "application/json", ...headers }), query: {}, readBody: bodyFromBytes(bytes) }, deps);
}

async function executionsOf(workflowId: string) {
  const [r] = await t.db.select({ n: count() }).from(executions).where(eq(executions.workflowId, workflowId));
  return r!.n;
}

describe(`webhook intake (${testDriver})`, () => {
  it("refuses what it cannot take, each with its own clear status, and stores nothing", async () => {
    const { token, workflowId } = await hook({ maxBodyKb: 1 });
    expect((await post("unknown-token-xyz", "{}")).status).toBe(404);
    expect((await post(token, "{}", {}, "production", "GET")).status).toBe(405);
    expect((await post(token, JSON.stringify({ pad: "x".repeat(2000) }))).status).toBe(413);
    const bad = await post(token, '{"email": ');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/JSON/);
    expect((await post(token, "[".repeat(10_000) + "]".repeat(10_000))).status).toBe(413);
    const deep = await hook({ maxBodyKb: 100 });
    expect((await post(deep.token, "[".repeat(10_000) + "]".repeat(10_000))).status).toBe(400);
    expect((await post(token, "<xml/>", { "content-type": "application/xml" })).status).toBe(415);
    expect(await executionsOf(workflowId)).toBe(0);
  });

  it("answers 409 with a reason for an unpublished workflow, while its test URL runs the draft", async () => {
    const { token, workflowId } = await hook({}, { publish: false });
    const prod = await post(token, '{"email":"a@b.co"}');
    expect(prod.status).toBe(409);
    expect(JSON.stringify(prod.body)).toMatch(/not been published/);
    const test = await post(token, '{"email":"a@b.co"}', {}, "test");
    expect(test.status).toBe(202);
    const [ep] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workflowId, workflowId));
    expect(ep!.lastTestEvent).toMatchObject({ body: { email: "a@b.co" } });
  });

  it("keeps a test request as the trigger's sample while the draft cannot run yet, and starts nothing", async () => {
    const { token, workflowId } = await hook({}, { publish: false });
    const [wf] = await t.db.select().from(workflows).where(eq(workflows.id, workflowId));
    const draft = wf!.draftGraph as { nodes: unknown[]; edges: unknown[] };
    await t.db
      .update(workflows)
      .set({ draftGraph: { ...draft, edges: [...draft.edges, { id: "dangling", source: "a", target: "missing-node" }] } })
      .where(eq(workflows.id, workflowId));
    expect((await post(token, '{"email":"a@b.co"}', {}, "test", "GET")).status).toBe(405);
    const captured = await post(token, '{"email":"sample@b.co"}', {}, "test");
    expect(captured.status).toBe(202);
    expect(captured.body).toMatchObject({ executionId: null, status: "captured" });
    expect(JSON.stringify(captured.body)).toMatch(/no test run was started/);
    const [ep] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workflowId, workflowId));
    expect(ep!.lastTestEvent).toMatchObject({ body: { email: "sample@b.co" } });
    expect(await executionsOf(workflowId)).toBe(0);
    expect((await post(token, '{"email":"a@b.co"}')).status).toBe(409);
  });

  it("a repeated delivery id answers 200 with the original execution and starts nothing", async () => {
    const { token, workflowId } = await hook();
    const first = await post(token, '{"email":"a@b.co"}', { "webhook-id": "msg_1" });
    const again = await post(token, '{"email":"changed@b.co"}', { "webhook-id": "msg_1" });
    expect(first.status).toBe(202);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true, executionId: (first.body as { executionId: string }).executionId } });
    // Without an id, the same body twice within minutes is a double submit.
    await post(token, '{"email":"c@d.co"}');
    expect((await post(token, '{"email":"c@d.co"}')).status).toBe(200);
    expect(await executionsOf(workflowId)).toBe(2);
  });

  it("twenty concurrent deliveries of one id make exactly one execution", async () => {
    const { token, workflowId } = await hook();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(token, '{"email":"x@y.co"}', { "idempotency-key": "same-key" })));
    const ids = new Set(answers.map((a) => (a.body as { executionId: string }).executionId));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(await executionsOf(workflowId)).toBe(1);
  });

  it("verifies signatures over the raw bytes with any current secret; a bad one is only counted", async () => {
    const { token, workflowId } = await hook({ signature: "github", signatureCredentialId: "cred-1" });
    const body = '{"email":"sig@b.co"}';
    const ok = await post(token, body, { "x-hub-signature-256": signHub("s3cret", new TextEncoder().encode(body)) });
    expect(ok.status).toBe(202);
    const wrong = await post(token, body, { "x-hub-signature-256": signHub("nope", new TextEncoder().encode(body)), "webhook-id": "other" });
    expect(wrong.status).toBe(401);
    const reserialized = await post(token, '{ "email": "sig@b.co" }', { "x-hub-signature-256": signHub("s3cret", new TextEncoder().encode(body)) });
    expect(reserialized.status).toBe(401);
    const [ep] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workflowId, workflowId));
    expect(ep!.signatureFailures).toBe(2);
    expect(await executionsOf(workflowId)).toBe(1);
  });

  it("limits the request rate per trigger with 429 and Retry-After", async () => {
    const { token } = await hook({ rateLimitPerSecond: 1, idempotency: "off" });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await post(token, `{"i":${i}}`));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 429, 429]);
    expect(Number(answers[2]!.headers?.["retry-after"])).toBeGreaterThanOrEqual(1);
  });

  it("in respond mode, answers with what the Respond to webhook step built", async () => {
    const worker = startWorker({ db: t.db, registry: t.registry, options: FAST });
    try {
      const { token } = await hook(
        { responseMode: "respond_node", responseTimeoutMs: 8000 },
        {
          extraNodes: [["reply", "trigger.respond", { status: "201", body: '{{ { "saved": steps.a.email } }}', headers: [{ name: "X-Thing", value: "yes" }] }]],
          edges: [["a", "reply"]],
        },
      );
      const res = await post(token, '{"email":"r@s.co"}');
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toEqual({ saved: "r@s.co" });
      expect(res.headers?.["x-thing"]).toBe("yes");
    } finally {
      await worker.stop();
    }
  });
});

describe(`webhook intake over HTTP (${testDriver})`, () => {
  it("1,000 POSTs at concurrency 20 with 10% repeated keys make exactly 900 executions", async () => {
    const { token, workflowId } = await hook({ rateLimitPerSecond: 100_000 });
    const server = await startWebhookServer(t.db, deps);
    try {
      const keys = Array.from({ length: 1000 }, (_, i) => (i % 10 === 9 ? `k-${i - 1}` : `k-${i}`));
      const answers: Array<{ key: string; status: number; id: string }> = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          while (next < keys.length) {
            const key = keys[next++]!;
            const r = await fetch(`${server.url}/api/hooks/${token}`, { method: "POST", headers: { "content-type": "application/json", "idempotency-key": key }, body: JSON.stringify({ email: `${key}@x.co` }) });
            answers.push({ key, status: r.status, id: ((await r.json()) as { executionId: string }).executionId });
          }
        }),
      );
      expect(answers.every((a) => a.status === 202 || a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.status === 202)).toHaveLength(900);
      const byKey = new Map<string, Set<string>>();
      for (const a of answers) byKey.set(a.key, (byKey.get(a.key) ?? new Set()).add(a.id));
      expect([...byKey.values()].every((ids) => ids.size === 1)).toBe(true);
      expect(await executionsOf(workflowId)).toBe(900);
    } finally {
      await server.close();
    }
  }, 60_000);
});
