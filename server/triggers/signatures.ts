/**
 * Inbound webhook signature verification. Always over the RAW request bytes (re-serialized
 * JSON must fail), with constant-time comparison, several secrets accepted during rotation,
 * and an injected clock so timestamp windows are testable. The HTTP layer answers 401 for any
 * failure; `reason` is for the trigger's counter and log, never shown to the sender.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { getHeader, type HeaderBag } from "./headers";

export type SignatureScheme = "standard-webhooks" | "github" | "stripe";
export type SignatureConfig = {
  scheme: SignatureScheme;
  /** Current and previous secrets (rotation): any one matching is enough. */
  secrets: string[];
  /** Timestamp tolerance in both directions; default 300 s. Not used by "github" (it has no timestamp). */
  toleranceSeconds?: number;
};
export type SignatureFailure =
  | "missing_header"
  | "malformed_header"
  | "timestamp_too_old"
  | "timestamp_too_new"
  | "no_matching_signature"
  | "no_usable_secret";
export type VerifyResult = { ok: true; secretIndex: number } | { ok: false; reason: SignatureFailure };

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const fail = (reason: SignatureFailure): VerifyResult => ({ ok: false, reason });

/** Equal-length byte compare in constant time; a length mismatch is public information anyway. */
function safeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function hmac(key: Uint8Array | string, ...parts: (string | Uint8Array)[]): Buffer {
  const h = createHmac("sha256", key);
  for (const p of parts) h.update(p);
  return h.digest();
}

function checkTimestamp(ts: string, nowMs: number, tolerance: number): SignatureFailure | null {
  if (!/^\d{1,12}$/.test(ts)) return "malformed_header";
  const skew = Math.floor(nowMs / 1000) - Number(ts);
  if (skew > tolerance) return "timestamp_too_old";
  if (skew < -tolerance) return "timestamp_too_new";
  return null;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Standard Webhooks (and Svix, which is the same scheme under `svix-*` headers). The package
 * decodes the secret (with or without `whsec_`) and computes the signature; we do the timestamp
 * check ourselves because the package reads `Date.now()`, which a test clock cannot reach.
 * The package signs text, so a body that is not valid UTF-8 is signed here over its bytes.
 */
export function verifyStandardWebhook(body: Uint8Array, headers: HeaderBag, secrets: string[], nowMs: number, tolerance = DEFAULT_TOLERANCE_SECONDS): VerifyResult {
  const id = getHeader(headers, "webhook-id") ?? getHeader(headers, "svix-id");
  const ts = getHeader(headers, "webhook-timestamp") ?? getHeader(headers, "svix-timestamp");
  const sigHeader = getHeader(headers, "webhook-signature") ?? getHeader(headers, "svix-signature");
  if (!id || !ts || !sigHeader) return fail("missing_header");
  const tsProblem = checkTimestamp(ts.trim(), nowMs, tolerance);
  if (tsProblem) return fail(tsProblem);
  const offered: Buffer[] = [];
  for (const entry of sigHeader.trim().split(/\s+/)) {
    const comma = entry.indexOf(",");
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue;
    const b64 = entry.slice(comma + 1);
    if (!/^[A-Za-z0-9+/]{43}=$/.test(b64)) continue; // "v1," or "v1,abc": never equal to a SHA-256 MAC
    offered.push(Buffer.from(b64, "base64"));
  }
  if (offered.length === 0) return fail("malformed_header");
  let text: string | null;
  try {
    text = utf8.decode(body);
  } catch {
    text = null;
  }
  let usable = 0;
  for (const [i, secret] of secrets.entries()) {
    let expected: Buffer;
    try {
      const wh = new Webhook(secret);
      usable++;
      if (text !== null) expected = Buffer.from(wh.sign(id, new Date(Number(ts) * 1000), text).slice(3), "base64");
      else expected = hmac(Buffer.from(secret.replace(/^whsec_/, ""), "base64"), `${id}.${ts.trim()}.`, body);
    } catch {
      continue; // not a valid base64 secret; another one in the rotation may be
    }
    if (offered.some((o) => safeEqual(o, expected))) return { ok: true, secretIndex: i };
  }
  return fail(usable ? "no_matching_signature" : "no_usable_secret");
}

/** GitHub-style `X-Hub-Signature-256: sha256=<hex>`: HMAC-SHA256 of the body with the secret as text. */
export function verifyHubSignature(body: Uint8Array, headers: HeaderBag, secrets: string[], header = "x-hub-signature-256"): VerifyResult {
  const value = getHeader(headers, header)?.trim();
  if (!value) return fail("missing_header");
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(value);
  if (!m?.[1]) return fail("malformed_header");
  const offered = Buffer.from(m[1], "hex");
  let usable = 0;
  for (const [i, secret] of secrets.entries()) {
    if (!secret) continue;
    usable++;
    if (safeEqual(offered, hmac(secret, body))) return { ok: true, secretIndex: i };
  }
  return fail(usable ? "no_matching_signature" : "no_usable_secret");
}

/**
 * Stripe-style `t=<unix>,v1=<hex>[,v1=<hex>…]`: HMAC-SHA256 of "<t>." + body, the whole secret
 * string (including any `whsec_`) as the key, as Stripe does. Unlike Stripe's own library we
 * also refuse timestamps from the future beyond the tolerance (reliability.md item 18).
 */
export function verifyStripeSignature(body: Uint8Array, headers: HeaderBag, secrets: string[], nowMs: number, tolerance = DEFAULT_TOLERANCE_SECONDS, header = "stripe-signature"): VerifyResult {
  const value = getHeader(headers, header);
  if (!value) return fail("missing_header");
  let t: string | undefined;
  const offered: Buffer[] = [];
  for (const part of value.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t") {
      if (t !== undefined) return fail("malformed_header");
      t = v;
    } else if (k === "v1" && /^[0-9a-fA-F]{64}$/.test(v)) offered.push(Buffer.from(v, "hex"));
  }
  if (t === undefined || offered.length === 0) return fail("malformed_header");
  const tsProblem = checkTimestamp(t, nowMs, tolerance);
  if (tsProblem) return fail(tsProblem);
  let usable = 0;
  for (const [i, secret] of secrets.entries()) {
    if (!secret) continue;
    usable++;
    const expected = hmac(secret, `${t}.`, body);
    if (offered.some((o) => safeEqual(o, expected))) return { ok: true, secretIndex: i };
  }
  return fail(usable ? "no_matching_signature" : "no_usable_secret");
}

/** One entry point for the webhook route: the trigger's config says which scheme. */
export function verifySignature(config: SignatureConfig, body: Uint8Array, headers: HeaderBag, now: () => number = Date.now): VerifyResult {
  const tol = config.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  switch (config.scheme) {
    case "standard-webhooks":
      return verifyStandardWebhook(body, headers, config.secrets, now(), tol);
    case "github":
      return verifyHubSignature(body, headers, config.secrets);
    case "stripe":
      return verifyStripeSignature(body, headers, config.secrets, now(), tol);
  }
}

/** Signers for outbound webhooks and test fixtures (the same code paths, inverted). */
export function signHub(secret: string, body: Uint8Array | string): string {
  return `sha256=${hmac(secret, body).toString("hex")}`;
}
export function signStripe(secret: string, body: Uint8Array | string, timestampSeconds: number): string {
  return `t=${timestampSeconds},v1=${hmac(secret, `${timestampSeconds}.`, body).toString("hex")}`;
}
