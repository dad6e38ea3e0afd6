import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { generateKey } from "@/server/integrations/vault";
import { callerFor, makeWorkspaceWithOwner } from "@/server/api/testing";
import { resetAppKeyRing } from "./credentials-keys";
import { signingSecretsFromCredential } from "./webhook-secrets";

let t: TestDb;
beforeAll(async () => {
  process.env.SWITCHYARD_ENCRYPTION_KEY = `v1:${generateKey()}`;
  resetAppKeyRing();
  t = await createTestDb();
});
afterAll(async () => {
  resetAppKeyRing();
  delete process.env.SWITCHYARD_ENCRYPTION_KEY;
  await t?.close();
});

describe(`webhook signing secrets from credentials (${testDriver})`, () => {
  it("reads an HMAC credential's secret in its own workspace only, and nothing from other types", async () => {
    const a = await makeWorkspaceWithOwner(t.db, "Ann");
    const b = await makeWorkspaceWithOwner(t.db, "Ben");
    const api = callerFor(t.db, a.owner, a.workspaceId);
    const hmac = await api.credential.create({ name: "Shop signing secret", type: "hmac", settings: {}, secret: { secret: "whsec_topsecret123" } });
    const bearer = await api.credential.create({ name: "Token", type: "bearer", settings: {}, secret: { token: "not-a-signing-secret" } });
    expect(await signingSecretsFromCredential(t.db, a.workspaceId, hmac.id)).toEqual(["whsec_topsecret123"]);
    expect(await signingSecretsFromCredential(t.db, b.workspaceId, hmac.id)).toEqual([]);
    expect(await signingSecretsFromCredential(t.db, a.workspaceId, bearer.id)).toEqual([]);
  });
});
