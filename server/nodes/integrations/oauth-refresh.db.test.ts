import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { createSingleFlight } from "@/server/integrations/oauth2-refresh";
import { startPeer, type Peer } from "@/server/integrations/testing/peer";
import { generateKey, parseKeyRing } from "@/server/integrations/vault";
import { createCredential, getCredentialRow, getCredentialDetails } from "@/server/services/credentials";
import { storeTokens } from "@/server/services/credentials-oauth";
import { setOutboundAllowList } from "@/server/services/outbound-settings";
import { createIntegrationExecutors } from "./executors";
import { executorOf, runExecutor } from "./testing";

const ring = parseKeyRing(generateKey());
let t: TestDb;
let ws: string;
let actor: { id: string; label: string };
let idp: Peer;
let api: Peer;
/** refresh token → what the IdP answers; a used refresh token is revoked (rotation with reuse detection). */
const grants = new Map<string, { access: string; next: string }>();
const used = new Set<string>();

beforeAll(async () => {
  t = await createTestDb({ poolSize: 8 });
  const a = await makeWorkspaceWithOwner(t.db, "Sales");
  ws = a.workspaceId;
  actor = { id: a.owner.id, label: "Sales" };
  await setOutboundAllowList(t.db, ws, actor, ["127.0.0.1/32"]);
  idp = await startPeer(async (q, res) => {
    const form = new URLSearchParams(q.body);
    const rt = form.get("refresh_token") ?? "";
    await new Promise((r) => setTimeout(r, 300)); // a slow IdP widens the race window
    res.setHeader("content-type", "application/json");
    const g = grants.get(rt);
    if (!g || used.has(rt)) {
      res.statusCode = 400;
      return res.end(JSON.stringify({ error: "invalid_grant", error_description: "refresh token revoked" }));
    }
    used.add(rt);
    res.end(JSON.stringify({ access_token: g.access, refresh_token: g.next, token_type: "Bearer", expires_in: 3600 }));
  });
  api = await startPeer((q, res) => {
    const ok = ["Bearer at-fresh", "Bearer at-after-401"].includes(String(q.headers.authorization));
    res.statusCode = ok ? 200 : 401;
    res.end(ok ? "hello" : "token expired");
  });
});
afterAll(async () => {
  await idp?.close();
  await api?.close();
  await t?.close();
});

async function oauthCredential(name: string, tokens: { access: string; refresh: string; expiresInMs: number }) {
  const c = await createCredential(t.db, ws, actor, { name, type: "oauth2", settings: { grant: "authorization_code", authorizationUrl: `${idp.origin}/authorize`, tokenUrl: `${idp.origin}/token`, clientId: "switchyard" }, secret: { clientSecret: "client-secret-xyz" } }, { ring });
  const row = await getCredentialRow(t.db, ws, c.id);
  await storeTokens(t.db, row, { accessToken: tokens.access, refreshToken: tokens.refresh, tokenType: "Bearer", expiresAt: Date.now() + tokens.expiresInMs, obtainedAt: Date.now() }, ring);
  return c.id;
}

/** One "worker process": its own executors, in-process single flight and lease holder id. */
function worker(holder: string) {
  const list = createIntegrationExecutors(t.db, { ring, random: () => 0, oauth: { refresh: { singleFlight: createSingleFlight(), holder, pollMs: 50 } } });
  return executorOf(list, "http.request");
}

describe("OAuth2 refresh through the HTTP node", () => {
  it("20 concurrent steps on two workers with an expired token: exactly one refresh, all succeed", async () => {
    grants.set("rt-1", { access: "at-fresh", next: "rt-2" });
    const id = await oauthCredential("CRM OAuth", { access: "at-expired", refresh: "rt-1", expiresInMs: -60_000 });
    const workers = [worker("proc-a"), worker("proc-b")];
    const before = idp.requests.length;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => runExecutor(workers[i % 2]!, ws, { url: `${api.origin}/me`, credentialId: id })));
    expect(idp.requests.length - before).toBe(1);
    for (const r of results) expect(r).toMatchObject({ output: { status: 200, body: "hello" } });
    expect(api.requests.filter((q) => q.headers.authorization === "Bearer at-expired")).toHaveLength(0);
    expect(JSON.stringify(results)).not.toContain("at-fresh");
    const details = await getCredentialDetails(t.db, ws, id, { ring });
    expect(details).toMatchObject({ status: "ok", secret: { oauth: { connected: true, hasRefreshToken: true } } });
  });

  it("a 401 for a token that looked valid: one refresh, one retry", async () => {
    grants.set("rt-401", { access: "at-after-401", next: "rt-401b" });
    const id = await oauthCredential("Rejected OAuth", { access: "at-revoked-early", refresh: "rt-401", expiresInMs: 3_600_000 });
    const before = idp.requests.length;
    const r = await runExecutor(worker("proc-c"), ws, { url: `${api.origin}/me`, credentialId: id });
    expect(r).toMatchObject({ output: { status: 200, attempts: 2 } });
    expect(idp.requests.length - before).toBe(1);
  });

  it("a dead grant marks the credential 'needs reconnect' once, fails the step clearly, and never loops", async () => {
    const id = await oauthCredential("Dead OAuth", { access: "at-old", refresh: "rt-dead", expiresInMs: -1 });
    const before = idp.requests.length;
    await expect(runExecutor(worker("proc-d"), ws, { url: `${api.origin}/me`, credentialId: id })).rejects.toMatchObject({
      code: "CREDENTIAL_NEEDS_RECONNECT",
      retryable: false,
      message: expect.stringContaining("invalid_grant"),
    });
    expect(idp.requests.length - before).toBe(1);
    expect(await getCredentialDetails(t.db, ws, id, { ring })).toMatchObject({ status: "needs_reconnect" });
    // The next step fails at once, without asking the IdP again.
    await expect(runExecutor(worker("proc-e"), ws, { url: `${api.origin}/me`, credentialId: id })).rejects.toMatchObject({ code: "CREDENTIAL_NEEDS_RECONNECT", message: expect.stringContaining("reconnected") });
    expect(idp.requests.length - before).toBe(1);
  });
});
