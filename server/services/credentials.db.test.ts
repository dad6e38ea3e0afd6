import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import superjson from "superjson";
import { queryRows } from "@/db/client";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { addMember, callerFor, makeWorkspaceWithOwner } from "@/server/api/testing";
import { generateKey, parseKeyRing } from "@/server/integrations/vault";
import { resetAppKeyRing } from "./credentials-keys";
import { loadCredentialForUse } from "./credentials-runtime";
import { keyVersionsInUse, rotateCredentialKeys } from "./credentials-rotate";
import { listAudit } from "./audit";

const KEY_V1 = generateKey();
const SECRETS = {
  apiKey: "sk_live_CANARY_apikey_7f3a9",
  token: "CANARY-bearer-token-55aa11",
  password: "CANARY-basic-pw-0c0ffee",
  hmac: "whsec_CANARY_hmac_deadbeef",
  smtp: "CANARY smtp pass with spaces",
  client: "CANARY-oauth-client-secret",
  replaced: "CANARY-replaced-key-new-001",
};

let t: TestDb;
beforeAll(async () => {
  process.env.SWITCHYARD_ENCRYPTION_KEY = KEY_V1;
  resetAppKeyRing();
  t = await createTestDb();
});
afterAll(async () => {
  resetAppKeyRing();
  delete process.env.SWITCHYARD_ENCRYPTION_KEY;
  await t?.close();
});

/** Every row of every table, as JSON text: what a database dump would show. */
async function dumpDatabase(): Promise<string> {
  const tables = await queryRows<{ table_name: string }>(t.db, sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`);
  let out = "";
  for (const { table_name } of tables) {
    const rows = await queryRows<{ j: string }>(t.db, sql`select row_to_json(x)::text as j from ${sql.identifier(table_name)} x`);
    out += rows.map((r) => r.j).join("\n");
  }
  return out;
}

function expectNoSecret(label: string, value: unknown) {
  const text = JSON.stringify(superjson.serialize(value));
  for (const s of Object.values(SECRETS)) {
    expect(text, `${label} leaks ${s}`).not.toContain(s);
    expect(text, `${label} leaks ${s} (base64)`).not.toContain(Buffer.from(s).toString("base64").replace(/=+$/, ""));
  }
}

describe("credentials: encrypted at rest, never returned, rotated", () => {
  let workspaceId: string;
  let owner: Awaited<ReturnType<typeof makeWorkspaceWithOwner>>["owner"];
  const ids: Record<string, string> = {};

  it("an admin creates one credential of every type; no answer carries a secret", async () => {
    ({ owner, workspaceId } = await makeWorkspaceWithOwner(t.db, "Ada"));
    const api = callerFor(t.db, owner, workspaceId);
    const answers: unknown[] = [];
    const create = async (name: string, type: "api_key" | "bearer" | "basic" | "hmac" | "smtp" | "oauth2", settings: Record<string, unknown>, secret: Record<string, string>, isDefault?: boolean) => {
      const c = await api.credential.create({ name, type, settings, secret, isDefault });
      answers.push(c);
      ids[type] = c.id;
      return c;
    };
    const key = await create("CRM API", "api_key", { placement: "header", name: "X-Api-Key" }, { apiKey: SECRETS.apiKey });
    expect(key.secret.fields).toEqual([{ name: "apiKey", set: true, masked: "••••••••" }]);
    expect(key.settings).toMatchObject({ placement: "header", name: "X-Api-Key" });
    await create("Billing", "bearer", {}, { token: SECRETS.token });
    await create("ERP", "basic", { username: "erp-robot" }, { password: SECRETS.password });
    await create("Signer", "hmac", {}, { secret: SECRETS.hmac });
    await create("Mail", "smtp", { host: "smtp.example.test", port: 587, username: "mailer" }, { password: SECRETS.smtp }, true);
    await create("Google", "oauth2", { authorizationUrl: "https://idp.example.test/auth", tokenUrl: "https://idp.example.test/token", clientId: "client-1" }, { clientSecret: SECRETS.client });

    answers.push(await api.credential.list());
    answers.push(await api.credential.details());
    for (const id of Object.values(ids)) {
      answers.push(await api.credential.get({ id }));
      answers.push(await api.credential.usage({ id }));
    }
    answers.push(await api.credential.update({ id: ids.api_key!, name: "CRM API key", settings: { placement: "query", name: "api_key" } }));
    answers.push(await api.credential.replaceSecret({ id: ids.api_key!, secret: { apiKey: SECRETS.replaced } }));
    answers.push(await api.credential.test({ id: ids.hmac! }));
    answers.push(await api.workspace.audit({ targetType: "credential" }));
    answers.forEach((a, i) => expectNoSecret(`answer ${i}`, a));

    // The secret really changed and decrypts for use on the server.
    const used = await loadCredentialForUse(t.db, workspaceId, ids.api_key!);
    expect(used.secret.apiKey).toBe(SECRETS.replaced);
    expect(used.settings).toMatchObject({ placement: "query", name: "api_key" });
  });

  it("the database holds no plaintext secret, only sy1 envelopes with a key version", async () => {
    const dump = await dumpDatabase();
    expect(dump).toContain("sy1.v1.");
    for (const s of Object.values(SECRETS)) {
      expect(dump).not.toContain(s);
      expect(dump).not.toContain(encodeURIComponent(s));
      expect(dump).not.toContain(Buffer.from(s).toString("base64").replace(/=+$/, ""));
    }
  });

  it("every change is audited", async () => {
    const { items } = await listAudit(t.db, workspaceId, { targetType: "credential" });
    const actions = items.map((i) => i.action);
    expect(actions.filter((a) => a === "credential.create")).toHaveLength(6);
    expect(actions).toContain("credential.update");
    expect(actions).toContain("credential.replace_secret");
  });

  it("viewers and editors see names and types only; settings and changes need an admin", async () => {
    const editor = callerFor(t.db, await addMember(t.db, workspaceId, "editor"), workspaceId);
    const viewer = callerFor(t.db, await addMember(t.db, workspaceId, "viewer"), workspaceId);
    for (const api of [editor, viewer]) {
      const list = await api.credential.list();
      expect(list.map((c) => c.name)).toContain("Mail");
      expect(Object.keys(list[0]!).sort()).toEqual(["id", "isDefault", "name", "status", "type"]);
      expectNoSecret("list", list);
      await expect(api.credential.details()).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(api.credential.get({ id: ids.smtp! })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(api.credential.usage({ id: ids.smtp! })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(api.credential.test({ id: ids.smtp! })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(api.credential.replaceSecret({ id: ids.smtp!, secret: { password: "x-new-pass" } })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(api.credential.delete({ id: ids.smtp! })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(api.credential.outbound()).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    // Another workspace's admin cannot reach them at all.
    const other = await makeWorkspaceWithOwner(t.db, "Mallory");
    await expect(callerFor(t.db, other.owner, other.workspaceId).credential.get({ id: ids.smtp! })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("names are unique per workspace, secrets too short are refused with a field message", async () => {
    const api = callerFor(t.db, owner, workspaceId);
    await expect(api.credential.create({ name: "mail", type: "bearer", secret: { token: "long enough token" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(api.credential.create({ name: "Short", type: "bearer", secret: { token: "abc" } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("shows which workflows use a credential and refuses to delete it unless forced", async () => {
    const api = callerFor(t.db, owner, workspaceId);
    const wf = await api.workflow.create({ name: "Invoices" });
    await t.db.execute(sql`update workflows set draft_graph = ${JSON.stringify({ schemaVersion: 1, nodes: [{ id: "n1", type: "http.request", config: { credentialId: ids.bearer } }], edges: [] })}::jsonb where id = ${wf.id}`);
    expect(await api.credential.usage({ id: ids.bearer! })).toEqual([{ workflowId: wf.id, name: "Invoices", in: ["draft"] }]);
    await expect(api.credential.delete({ id: ids.bearer! })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("Invoices") });
    await api.credential.delete({ id: ids.bearer!, force: true });
    expect((await api.credential.list()).map((c) => c.id)).not.toContain(ids.bearer);
    delete ids.bearer;
  });

  it("rotation re-encrypts everything under the newest key and every credential stays usable without the old key", async () => {
    const before = await Promise.all(Object.values(ids).map((id) => loadCredentialForUse(t.db, workspaceId, id)));
    const KEY_V2 = generateKey();
    const both = parseKeyRing(`v1:${KEY_V1},v2:${KEY_V2}`);
    const report = await rotateCredentialKeys(t.db, both);
    expect(report).toMatchObject({ current: "v2", reencrypted: Object.keys(ids).length, failed: [] });
    expect(await keyVersionsInUse(t.db)).toEqual(["v2"]);
    expect((await rotateCredentialKeys(t.db, both)).reencrypted).toBe(0);

    const onlyNew = parseKeyRing(`v2:${KEY_V2}`);
    const after = await Promise.all(Object.values(ids).map((id) => loadCredentialForUse(t.db, workspaceId, id, { ring: onlyNew })));
    expect(after.map((c) => c.secret)).toEqual(before.map((c) => c.secret));
    // The old key alone no longer opens them.
    await expect(loadCredentialForUse(t.db, workspaceId, ids.smtp!, { ring: parseKeyRing(KEY_V1) })).rejects.toMatchObject({ code: "UNKNOWN_KEY_VERSION" });
    const dump = await dumpDatabase();
    for (const s of Object.values(SECRETS)) expect(dump).not.toContain(s);
  });
});
