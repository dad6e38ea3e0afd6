/**
 * The dedupe key of an inbound event. The store keeps one row per (workspace, trigger, key)
 * under a unique index for `windowSeconds`; a second delivery with the same key answers with the
 * original execution and starts nothing. Pure: headers, raw bytes, parsed body and a clock in.
 */
import { createHash } from "node:crypto";
import { normalizeEmail, collapseSpaces } from "@/server/data/normalize";
import { getPath } from "@/server/data/item-path";
import { getHeader, type HeaderBag } from "./headers";

export const DAY = 24 * 60 * 60;
/** Senders retry with the same id for up to 3 days (Stripe), 27.6 h (Svix), 75.6 h (spec example). */
export const ID_WINDOW_SECONDS = 7 * DAY;
/** A body hash only catches double submits, not a legitimately repeated event days later. */
export const BODY_HASH_WINDOW_SECONDS = 10 * 60;

/** Delivery-id headers in order of trust: explicit idempotency first, proxy request ids last. */
export const DELIVERY_ID_HEADERS = [
  "idempotency-key",
  "webhook-id",
  "svix-id",
  "x-github-delivery",
  "x-shopify-webhook-id",
  "x-gitlab-event-uuid",
  "x-wc-webhook-delivery-id",
  "x-request-id",
] as const;

export type IdempotencyConfig =
  | { mode: "auto"; windowSeconds?: number }
  | { mode: "header"; header: string; windowSeconds?: number }
  | { mode: "path"; path: string; normalize?: "email" | "text" | "none"; windowSeconds?: number }
  | { mode: "off" };

export type IdempotencyKey = {
  key: string;
  /** Where it came from, for the run log: "header:webhook-id", "stripe-event-id", "body-hash", "path:email". */
  source: string;
  windowSeconds: number;
  /**
   * Body-hash keys are bucketed by time; a double submit straddling a bucket boundary lands in
   * two buckets, so the store should also look for this key (the previous bucket's).
   */
  previousKey?: string;
};

export type IdempotencyInput = {
  headers: HeaderBag;
  rawBody: Uint8Array;
  /** Parsed JSON or form body, for `path` mode and provider event ids. */
  body?: unknown;
  nowMs: number;
  config?: IdempotencyConfig;
};

const sha256 = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

/** Long values (a 1 MiB header) are hashed so keys stay small enough for an index. */
function bounded(source: string, value: string): string {
  return value.length <= 200 ? `${source}:${value}` : `${source}:sha256:${sha256(value)}`;
}

function fromHeader(headers: HeaderBag, name: string, windowSeconds: number): IdempotencyKey | null {
  const v = getHeader(headers, name)?.trim();
  if (!v) return null;
  const source = `header:${name.toLowerCase()}`;
  return { key: bounded(source, v), source, windowSeconds };
}

/** Stripe sends no delivery-id header, but each event has a stable `evt_…` id in the body. */
function stripeEventId(headers: HeaderBag, body: unknown): string | null {
  if (!getHeader(headers, "stripe-signature")) return null;
  const id = getPath(body, "id");
  return typeof id === "string" && /^evt_\w+$/.test(id) ? id : null;
}

function bodyHash(raw: Uint8Array, nowMs: number, windowSeconds: number): IdempotencyKey {
  const bucket = Math.floor(nowMs / 1000 / windowSeconds);
  const h = sha256(raw);
  return { key: `body:${bucket}:${h}`, source: "body-hash", windowSeconds, previousKey: `body:${bucket - 1}:${h}` };
}

function normalizeValue(v: unknown, how: "email" | "text" | "none"): string | null {
  if (v === undefined || v === null) return null;
  const s = typeof v === "string" ? v : JSON.stringify(v);
  if (how === "none") return s === "" ? null : s;
  if (how === "email") {
    const e = normalizeEmail(s);
    if (e.ok) return e.value;
  }
  const t = collapseSpaces(s.normalize("NFC")).toLowerCase();
  return t === "" ? null : t;
}

function auto(input: IdempotencyInput, windowSeconds: number | undefined): IdempotencyKey {
  for (const h of DELIVERY_ID_HEADERS) {
    const k = fromHeader(input.headers, h, windowSeconds ?? ID_WINDOW_SECONDS);
    if (k) return k;
  }
  const evt = stripeEventId(input.headers, input.body);
  if (evt) return { key: `stripe-event-id:${evt}`, source: "stripe-event-id", windowSeconds: windowSeconds ?? ID_WINDOW_SECONDS };
  return bodyHash(input.rawBody, input.nowMs, BODY_HASH_WINDOW_SECONDS);
}

/**
 * Returns null only when dedupe is switched off. A configured header or path that is missing
 * from a request falls back to the automatic rules rather than disabling dedupe for it.
 */
export function deriveIdempotencyKey(input: IdempotencyInput): IdempotencyKey | null {
  const config = input.config ?? { mode: "auto" };
  switch (config.mode) {
    case "off":
      return null;
    case "auto":
      return auto(input, config.windowSeconds);
    case "header":
      return fromHeader(input.headers, config.header, config.windowSeconds ?? ID_WINDOW_SECONDS) ?? auto(input, undefined);
    case "path": {
      const v = normalizeValue(getPath(input.body, config.path), config.normalize ?? "text");
      if (v === null) return auto(input, undefined);
      const source = `path:${config.path}`;
      return { key: bounded(source, v), source, windowSeconds: config.windowSeconds ?? ID_WINDOW_SECONDS };
    }
  }
}
