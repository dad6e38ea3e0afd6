/**
 * Credential secrets at rest: AES-256-GCM, one fresh 96-bit IV per encryption, and AAD binding
 * the ciphertext to `workspaceId|credentialId|keyVersion` — a ciphertext copied to another
 * credential or workspace row does not decrypt. The envelope is a compact string
 * `sy1.<keyVersion>.<iv>.<ciphertext+tag>` (base64url), so the key version travels with the data
 * and rotation can find what is left to re-encrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export class VaultError extends Error {
  constructor(
    readonly code: "KEY_MISSING" | "KEY_INVALID" | "UNKNOWN_KEY_VERSION" | "MALFORMED" | "DECRYPT_FAILED" | "INVALID_CONTEXT",
    message: string,
  ) {
    super(message);
    this.name = "VaultError";
  }
}

export interface KeyRing {
  /** Version new ciphertexts are written with. */
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

export interface SecretContext {
  workspaceId: string;
  credentialId: string;
}

const ENVELOPE_PREFIX = "sy1";
const VERSION_RE = /^[A-Za-z0-9_-]{1,32}$/;
export const KEY_FILE_NAME = "encryption.key";

function decodeKey(version: string, b64: string): Buffer {
  if (!VERSION_RE.test(version)) throw new VaultError("KEY_INVALID", `Invalid key version "${version}" (letters, digits, - and _ only).`);
  const key = Buffer.from(b64.trim(), "base64");
  if (key.length !== 32) {
    throw new VaultError("KEY_INVALID", `Encryption key ${version} must be 32 bytes of base64 (got ${key.length} bytes).`);
  }
  return key;
}

/**
 * Parse SWITCHYARD_ENCRYPTION_KEY: either one base64 key (version "v1") or a comma-separated
 * list "v1:<base64>,v2:<base64>". The LAST entry is current, so rotating is "append a key, run
 * rotate-key, later drop the old one".
 */
export function parseKeyRing(value: string): KeyRing {
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new VaultError("KEY_MISSING", "SWITCHYARD_ENCRYPTION_KEY is empty.");
  const keys = new Map<string, Buffer>();
  let current = "";
  for (const entry of entries) {
    const i = entry.indexOf(":");
    const [version, b64] = i === -1 && entries.length === 1 ? ["v1", entry] : [entry.slice(0, i), entry.slice(i + 1)];
    if (i === -1 && entries.length > 1) throw new VaultError("KEY_INVALID", 'With several keys each needs a version: "v1:<base64>,v2:<base64>".');
    if (keys.has(version)) throw new VaultError("KEY_INVALID", `Key version ${version} is listed twice.`);
    keys.set(version, decodeKey(version, b64));
    current = version;
  }
  return { current, keys };
}

/** Key ring from the environment, or (embedded mode) from `<dataDir>/encryption.key`. */
export function loadKeyRing(opts: { env?: Record<string, string | undefined>; dataDir?: string }): KeyRing {
  const fromEnv = (opts.env ?? process.env).SWITCHYARD_ENCRYPTION_KEY;
  if (fromEnv?.trim()) return parseKeyRing(fromEnv);
  if (opts.dataDir) return parseKeyRing(ensureKeyFile(opts.dataDir));
  throw new VaultError(
    "KEY_MISSING",
    "SWITCHYARD_ENCRYPTION_KEY is not set. Generate one with `openssl rand -base64 32` and set it in the environment.",
  );
}

/**
 * Embedded mode: generate a key into the data folder on first start, readable by the owner only.
 * Created with the exclusive flag so two processes starting together cannot write two keys.
 */
export function ensureKeyFile(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, KEY_FILE_NAME);
  try {
    writeFileSync(file, `v1:${randomBytes(32).toString("base64")}\n`, { flag: "wx", mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  // Tighten a file someone created or copied with looser permissions.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return readFileSync(file, "utf8").trim();
}

export function generateKey(): string {
  return randomBytes(32).toString("base64");
}

function aad(ctx: SecretContext, version: string): Buffer {
  // "|" separates the fields, so it may not appear inside them (else "a|b"+"c" = "a"+"b|c").
  for (const [name, v] of Object.entries(ctx)) {
    if (!v || v.includes("|")) throw new VaultError("INVALID_CONTEXT", `${name} must be non-empty and must not contain "|".`);
  }
  return Buffer.from(`${ctx.workspaceId}|${ctx.credentialId}|${version}`, "utf8");
}

export function encryptSecret(ring: KeyRing, plaintext: string, ctx: SecretContext): string {
  const key = ring.keys.get(ring.current);
  if (!key) throw new VaultError("UNKNOWN_KEY_VERSION", `The current key version ${ring.current} is not in the key ring.`);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(aad(ctx, ring.current));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return [ENVELOPE_PREFIX, ring.current, iv.toString("base64url"), body.toString("base64url")].join(".");
}

export function envelopeVersion(envelope: string): string {
  const parts = envelope.split(".");
  if (parts.length !== 4 || parts[0] !== ENVELOPE_PREFIX || !VERSION_RE.test(parts[1]!)) {
    throw new VaultError("MALFORMED", "The stored credential is not a Switchyard ciphertext (malformed envelope).");
  }
  return parts[1]!;
}

export function decryptSecret(ring: KeyRing, envelope: string, ctx: SecretContext): string {
  const version = envelopeVersion(envelope);
  const [, , ivText, bodyText] = envelope.split(".") as [string, string, string, string];
  const key = ring.keys.get(version);
  if (!key) {
    throw new VaultError("UNKNOWN_KEY_VERSION", `The credential was encrypted with key ${version}, which is not configured.`);
  }
  const iv = Buffer.from(ivText, "base64url");
  const body = Buffer.from(bodyText, "base64url");
  if (iv.length !== 12 || body.length < 16) throw new VaultError("MALFORMED", "The stored credential is truncated.");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv);
    decipher.setAAD(aad(ctx, version));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString("utf8");
  } catch (e) {
    if (e instanceof VaultError) throw e;
    // GCM authentication failed: never return partial plaintext.
    throw new VaultError(
      "DECRYPT_FAILED",
      "The credential could not be decrypted: it was altered, or it belongs to another credential or workspace.",
    );
  }
}

export function needsReencrypt(ring: KeyRing, envelope: string): boolean {
  return envelopeVersion(envelope) !== ring.current;
}

/** Re-encrypt under the current key (rotation). Returns the input unchanged when already current. */
export function reencrypt(ring: KeyRing, envelope: string, ctx: SecretContext): string {
  if (!needsReencrypt(ring, envelope)) return envelope;
  return encryptSecret(ring, decryptSecret(ring, envelope, ctx), ctx);
}

/** JSON helpers: credential data is an object of fields (apiKey, clientSecret…). */
export function encryptJson(ring: KeyRing, value: unknown, ctx: SecretContext): string {
  return encryptSecret(ring, JSON.stringify(value), ctx);
}
export function decryptJson<T = unknown>(ring: KeyRing, envelope: string, ctx: SecretContext): T {
  return JSON.parse(decryptSecret(ring, envelope, ctx)) as T;
}
