import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { refusedPort, startPeer, type Peer, type PeerHandler } from "@/server/integrations/testing/peer";
import { generateKey, parseKeyRing } from "@/server/integrations/vault";
import { createCredential } from "@/server/services/credentials";
import { setOutboundAllowList } from "@/server/services/outbound-settings";
import { createIntegrationExecutors } from "./executors";
import { executorOf, runExecutor } from "./testing";

const ring = parseKeyRing(generateKey());
const API_KEY = "sk_test_CANARY_4f9d2e7a";
let t: TestDb;
let ws: string;
let closedWs: string;
let actor: { id: string; label: string };
const peers: Peer[] = [];

async function peer(h: PeerHandler) {
  const p = await startPeer(h);
  peers.push(p);
  return p;
}

beforeAll(async () => {
  t = await createTestDb();
  const a = await makeWorkspaceWithOwner(t.db, "Ops");
  ws = a.workspaceId;
  actor = { id: a.owner.id, label: "Ops" };
  await setOutboundAllowList(t.db, ws, actor, ["127.0.0.1/32"]);
  closedWs = (await makeWorkspaceWithOwner(t.db, "Closed")).workspaceId;
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});
afterAll(() => t?.close());

// No real sleeping for backoff; Retry-After waits are real so the peer's clock can check them.
const http = () => executorOf(createIntegrationExecutors(t.db, { ring, random: () => 0 }), "http.request");

describe("HTTP Request node against local peers", () => {
  it("sends the API key, redacts it from the output, and returns JSON", async () => {
    const cred = await createCredential(t.db, ws, actor, { name: "Echo key", type: "api_key", settings: { name: "X-Api-Key" }, secret: { apiKey: API_KEY } }, { ring });
    const p = await peer((q, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ youSent: q.headers["x-api-key"], query: q.url }));
    });
    const r = await runExecutor(http(), ws, { url: `${p.origin}/items`, query: [{ name: "page", value: "1" }], credentialId: cred.id });
    expect(p.requests[0]!.headers["x-api-key"]).toBe(API_KEY);
    expect(r).toMatchObject({ output: { status: 200, body: { youSent: "[redacted]", query: "/items?page=1" } } });
    expect(JSON.stringify(r)).not.toContain(API_KEY);
  });

  it("429 with Retry-After: the next attempt arrives no earlier than asked (peer's clock)", async () => {
    const p = await peer((_q, res, i) => {
      if (i === 0) {
        res.writeHead(429, { "retry-after": "1" });
        return res.end("slow down");
      }
      res.end("ok");
    });
    const r = await runExecutor(http(), ws, { url: `${p.origin}/limited` });
    expect(r).toMatchObject({ output: { status: 200, body: "ok", attempts: 2 } });
    expect(p.requests[1]!.at - p.requests[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("503 twice, then success", async () => {
    const p = await peer((_q, res, i) => {
      res.statusCode = i < 2 ? 503 : 200;
      res.end(i < 2 ? "down" : "up");
    });
    const r = await runExecutor(http(), ws, { url: `${p.origin}/flaky` });
    expect(r).toMatchObject({ output: { status: 200, body: "up", attempts: 3 } });
    expect(p.requests).toHaveLength(3);
  });

  it("404 fails at once with a clear, non-retryable error", async () => {
    const p = await peer((_q, res) => {
      res.statusCode = 404;
      res.end("nope");
    });
    await expect(runExecutor(http(), ws, { url: `${p.origin}/missing` })).rejects.toMatchObject({ code: "HTTP_404", retryable: false, status: 404, message: expect.stringContaining("answered HTTP 404") });
    expect(p.requests).toHaveLength(1);
  });

  it("refuses loopback without the workspace allow-list, before connecting, and is not retried", async () => {
    const p = await peer((_q, res) => res.end("should not be reached"));
    await expect(runExecutor(http(), closedWs, { url: `${p.origin}/` })).rejects.toMatchObject({
      code: "SSRF_BLOCKED",
      retryable: false,
      message: "Blocked: 127.0.0.1 is a loopback address. An admin can allow it in Settings → Outbound access.",
    });
    await expect(runExecutor(http(), closedWs, { url: "http://169.254.169.254/latest/meta-data/" })).rejects.toMatchObject({ code: "SSRF_BLOCKED", message: expect.stringContaining("cloud metadata") });
    await expect(runExecutor(http(), closedWs, { url: "file:///etc/passwd" })).rejects.toMatchObject({ code: "SSRF_BLOCKED" });
    expect(p.requests).toHaveLength(0);
  });

  it("a long Retry-After parks the step, keeps the attempts spent, and the wake-up finishes it", async () => {
    let ready = false;
    const p = await peer((_q, res) => {
      if (!ready) {
        res.writeHead(429, { "retry-after": "600" });
        return res.end();
      }
      res.end("done");
    });
    const executionId = crypto.randomUUID();
    const exec = http();
    const parked = await runExecutor(exec, ws, { url: `${p.origin}/later`, method: "POST", bodyType: "json", body: '{"a":1}' }, { executionId });
    expect(parked).toMatchObject({ wait: { delayMs: 600_000 } });
    expect(await queryRows(t.db, sql`select attempts from outbound_step_attempts where step_key = ${`${executionId}:n1:`}`)).toEqual([{ attempts: 1 }]);
    // The 429 drained the host's bucket for the same 600 s: waking early parks again.
    const early = await runExecutor(exec, ws, { url: `${p.origin}/later`, method: "POST", bodyType: "json", body: '{"a":1}' }, { executionId });
    expect((early as { wait: { delayMs: number } }).wait.delayMs).toBeGreaterThan(590_000);
    expect(p.requests).toHaveLength(1);
    // Ten minutes later (simulated on the database clock), the peer is ready.
    await t.db.execute(sql`update rate_limit_bucket set blocked_until = now(), updated_at = now() where key = ${`host:${new URL(p.origin).host}`}`);
    ready = true;
    const woke = await runExecutor(exec, ws, { url: `${p.origin}/later`, method: "POST", bodyType: "json", body: '{"a":1}' }, { executionId });
    expect(woke).toMatchObject({ output: { status: 200, body: "done" } });
    // The same Idempotency-Key on both attempts: the receiver can drop the duplicate.
    expect(p.requests.map((q) => q.headers["idempotency-key"])).toEqual([`${executionId}:n1:`, `${executionId}:n1:`]);
    expect(p.requests[0]!.body).toBe('{"a":1}');
    expect(await queryRows(t.db, sql`select 1 from outbound_step_attempts where step_key = ${`${executionId}:n1:`}`)).toEqual([]);
  });

  it("a primary that refuses connections opens its breaker (shared through Postgres); the next step fails over", async () => {
    const secondary = await peer((q, res) => res.end(`secondary ${q.url}`));
    const primary = `http://127.0.0.1:${await refusedPort()}`;
    const config = { url: `${primary}/v1/orders?x=1`, failoverBaseUrls: secondary.origin };
    await expect(runExecutor(http(), ws, config)).rejects.toMatchObject({ code: "NETWORK", message: expect.stringContaining("gave up after 5 attempts") });
    const [row] = await queryRows<{ state: string }>(t.db, sql`select state from circuit_breakers where workspace_id = ${ws} and host = ${new URL(primary).host}`);
    expect(row?.state).toBe("open");
    // A fresh executor set (another worker) reads the open breaker and goes to the secondary.
    const r = await runExecutor(http(), ws, config);
    expect(r).toMatchObject({ output: { status: 200, body: "secondary /v1/orders?x=1" } });
  });

  it("follows cursor pagination up to the page limit and joins the items", async () => {
    const p = await peer((q, res) => {
      const cursor = Number(new URL(q.url, "http://x").searchParams.get("cursor") ?? 0);
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ data: [cursor * 2, cursor * 2 + 1], meta: { next: cursor < 9 ? cursor + 1 : null } }));
    });
    const r = await runExecutor(http(), ws, { url: `${p.origin}/list`, pagination: "cursor", cursorPath: "meta.next", itemsPath: "data", maxPages: 3 });
    expect(r).toMatchObject({ output: { body: [0, 1, 2, 3, 4, 5], pages: 3, morePages: true } });
    expect(r.logs.some((l) => /page limit/.test(l.message))).toBe(true);
  });
});
