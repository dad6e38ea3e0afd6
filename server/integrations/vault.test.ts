import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  KEY_FILE_NAME,
  VaultError,
  decryptJson,
  decryptSecret,
  encryptJson,
  encryptSecret,
  envelopeVersion,
  generateKey,
  loadKeyRing,
  needsReencrypt,
  parseKeyRing,
  reencrypt,
} from "./vault";

const k1 = generateKey();
const k2 = generateKey();
const ring = parseKeyRing(k1);
const ctx = { workspaceId: "ws_1", credentialId: "cred_1" };
const SECRET = "sk_live_51HxQ-very-secret";

function vaultError(fn: () => unknown): VaultError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError);
    return e as VaultError;
  }
  throw new Error("expected a VaultError");
}

describe("vault", () => {
  it("round-trips and never stores the plaintext", () => {
    const env = encryptSecret(ring, SECRET, ctx);
    expect(env).toMatch(/^sy1\.v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(env).not.toContain(SECRET);
    expect(env).not.toContain(Buffer.from(SECRET).toString("base64").slice(0, 12));
    expect(decryptSecret(ring, env, ctx)).toBe(SECRET);
    expect(encryptSecret(ring, SECRET, ctx)).not.toBe(env); // fresh IV every time
    const json = encryptJson(ring, { apiKey: SECRET, header: "X-Api-Key" }, ctx);
    expect(decryptJson(ring, json, ctx)).toEqual({ apiKey: SECRET, header: "X-Api-Key" });
  });

  it("a flipped byte anywhere is a clear error, never garbage", () => {
    const env = encryptSecret(ring, SECRET, ctx);
    const [p, v, iv, body] = env.split(".") as [string, string, string, string];
    const raw = Buffer.from(body, "base64url");
    for (const i of [0, 5, raw.length - 1]) {
      const t = Buffer.from(raw);
      t[i]! ^= 1;
      const e = vaultError(() => decryptSecret(ring, [p, v, iv, t.toString("base64url")].join("."), ctx));
      expect(e.code).toBe("DECRYPT_FAILED");
      expect(e.message).toMatch(/altered, or it belongs to another credential/);
    }
    const ivBytes = Buffer.from(iv, "base64url");
    ivBytes[0]! ^= 1;
    expect(vaultError(() => decryptSecret(ring, [p, v, ivBytes.toString("base64url"), body].join("."), ctx)).code).toBe("DECRYPT_FAILED");
    expect(vaultError(() => decryptSecret(ring, "sy1.v1.abc", ctx)).code).toBe("MALFORMED");
    expect(vaultError(() => decryptSecret(ring, `sy1.v1.${iv}.AAAA`, ctx)).code).toBe("MALFORMED");
  });

  it("a ciphertext copied to another credential or workspace does not decrypt (AAD)", () => {
    const env = encryptSecret(ring, SECRET, ctx);
    expect(vaultError(() => decryptSecret(ring, env, { ...ctx, credentialId: "cred_2" })).code).toBe("DECRYPT_FAILED");
    expect(vaultError(() => decryptSecret(ring, env, { ...ctx, workspaceId: "ws_2" })).code).toBe("DECRYPT_FAILED");
    // The key version is bound too: relabelling the envelope under another key fails.
    const two = parseKeyRing(`v1:${k1},v2:${k1}`);
    expect(vaultError(() => decryptSecret(two, env.replace("sy1.v1.", "sy1.v2."), ctx)).code).toBe("DECRYPT_FAILED");
    expect(vaultError(() => encryptSecret(ring, SECRET, { workspaceId: "a|b", credentialId: "c" })).code).toBe("INVALID_CONTEXT");
  });

  it("rotation: old ciphertexts decrypt, reencrypt moves them to the current key, the old key can then go", () => {
    const old = encryptSecret(ring, SECRET, ctx);
    const rotated = parseKeyRing(`v1:${k1},v2:${k2}`);
    expect(rotated.current).toBe("v2");
    expect(decryptSecret(rotated, old, ctx)).toBe(SECRET);
    expect(needsReencrypt(rotated, old)).toBe(true);
    const fresh = reencrypt(rotated, old, ctx);
    expect(envelopeVersion(fresh)).toBe("v2");
    expect(reencrypt(rotated, fresh, ctx)).toBe(fresh);
    const retired = parseKeyRing(`v2:${k2}`);
    expect(decryptSecret(retired, fresh, ctx)).toBe(SECRET);
    const e = vaultError(() => decryptSecret(retired, old, ctx));
    expect(e.code).toBe("UNKNOWN_KEY_VERSION");
    expect(e.message).toMatch(/key v1, which is not configured/);
  });

  it("validates keys", () => {
    expect(vaultError(() => parseKeyRing("dG9vIHNob3J0")).message).toMatch(/32 bytes/);
    expect(vaultError(() => parseKeyRing(`v1:${k1},v1:${k2}`)).code).toBe("KEY_INVALID");
    expect(vaultError(() => parseKeyRing(`${k1},${k2}`)).code).toBe("KEY_INVALID");
    expect(vaultError(() => loadKeyRing({ env: {} })).code).toBe("KEY_MISSING");
  });
});

describe("embedded mode key file", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sy-vault-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is generated once with mode 0600 and reused", () => {
    const data = path.join(dir, "data");
    const a = loadKeyRing({ env: {}, dataDir: data });
    const file = path.join(data, KEY_FILE_NAME);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toMatch(/^v1:[A-Za-z0-9+/]{43}=\n$/);
    const b = loadKeyRing({ env: {}, dataDir: data });
    const env = encryptSecret(a, SECRET, ctx);
    expect(decryptSecret(b, env, ctx)).toBe(SECRET);
  });

  it("the environment wins over the file", () => {
    const r = loadKeyRing({ env: { SWITCHYARD_ENCRYPTION_KEY: `v7:${k2}` }, dataDir: path.join(dir, "data") });
    expect(r.current).toBe("v7");
  });
});
