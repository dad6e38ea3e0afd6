import { describe, expect, it } from "vitest";
import { BODY_HASH_WINDOW_SECONDS, deriveIdempotencyKey, ID_WINDOW_SECONDS } from "./idempotency";

const raw = Buffer.from('{"email":" Ann@Example.com ","n":1}');
const body = JSON.parse(raw.toString());
const now = Date.UTC(2025, 0, 1, 12, 3, 0);

describe("deriveIdempotencyKey", () => {
  it.each([
    [{ "Idempotency-Key": "abc", "webhook-id": "msg_1" }, "header:idempotency-key:abc", "header:idempotency-key"],
    [{ "webhook-id": "msg_1", "x-request-id": "r" }, "header:webhook-id:msg_1", "header:webhook-id"],
    [{ "svix-id": "msg_2" }, "header:svix-id:msg_2", "header:svix-id"],
    [{ "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958" }, "header:x-github-delivery:72d3162e-cc78-11e3-81ab-4c9367dc0958", "header:x-github-delivery"],
    [{ "X-Shopify-Webhook-Id": "b54557e4" }, "header:x-shopify-webhook-id:b54557e4", "header:x-shopify-webhook-id"],
    [{ "x-request-id": "req-9" }, "header:x-request-id:req-9", "header:x-request-id"],
  ])("%j → %s with a 7-day window", (headers, key, source) => {
    expect(deriveIdempotencyKey({ headers, rawBody: raw, body, nowMs: now })).toEqual({ key, source, windowSeconds: ID_WINDOW_SECONDS });
  });

  it("uses the Stripe event id when a Stripe signature is present", () => {
    const r = deriveIdempotencyKey({ headers: { "stripe-signature": "t=1,v1=x" }, rawBody: raw, body: { id: "evt_123", type: "x" }, nowMs: now });
    expect(r).toEqual({ key: "stripe-event-id:evt_123", source: "stripe-event-id", windowSeconds: ID_WINDOW_SECONDS });
  });

  it("falls back to a bucketed body hash: identical bodies in the same 10 minutes share a key", () => {
    const a = deriveIdempotencyKey({ headers: {}, rawBody: raw, nowMs: now });
    const b = deriveIdempotencyKey({ headers: { "webhook-id": "  " }, rawBody: Buffer.from(raw), nowMs: now + 5 });
    expect(a?.source).toBe("body-hash");
    expect(a?.windowSeconds).toBe(BODY_HASH_WINDOW_SECONDS);
    expect(a?.key).toMatch(/^body:\d+:[0-9a-f]{64}$/);
    expect(b?.key).toBe(a?.key);
    // A different body, or the same body an hour later, is a new event.
    expect(deriveIdempotencyKey({ headers: {}, rawBody: Buffer.from("{}"), nowMs: now })?.key).not.toBe(a?.key);
    expect(deriveIdempotencyKey({ headers: {}, rawBody: raw, nowMs: now + 3600_000 })?.key).not.toBe(a?.key);
    // Across a bucket boundary the next bucket's previousKey names the earlier key.
    const bucketEnd = (Math.floor(now / 600_000) + 1) * 600_000;
    const before = deriveIdempotencyKey({ headers: {}, rawBody: raw, nowMs: bucketEnd - 1 });
    const after = deriveIdempotencyKey({ headers: {}, rawBody: raw, nowMs: bucketEnd + 1 });
    expect(after?.key).not.toBe(before?.key);
    expect(after?.previousKey).toBe(before?.key);
  });

  it("a configured header wins, and falls back to auto when absent", () => {
    const config = { mode: "header" as const, header: "X-Order-Id", windowSeconds: 3600 };
    expect(deriveIdempotencyKey({ headers: { "x-order-id": "o-7", "webhook-id": "m" }, rawBody: raw, nowMs: now, config })).toEqual({
      key: "header:x-order-id:o-7",
      source: "header:x-order-id",
      windowSeconds: 3600,
    });
    expect(deriveIdempotencyKey({ headers: { "webhook-id": "m" }, rawBody: raw, nowMs: now, config })?.source).toBe("header:webhook-id");
  });

  it("a body path is normalized (e-mail), so the same person submitting twice is one event", () => {
    const config = { mode: "path" as const, path: "email", normalize: "email" as const };
    const a = deriveIdempotencyKey({ headers: {}, rawBody: raw, body, nowMs: now, config });
    const b = deriveIdempotencyKey({ headers: {}, rawBody: Buffer.from("other"), body: { email: "ann@example.COM" }, nowMs: now + 86_400_000, config });
    expect(a).toEqual({ key: "path:email:ann@example.com", source: "path:email", windowSeconds: ID_WINDOW_SECONDS });
    expect(b?.key).toBe(a?.key);
    expect(deriveIdempotencyKey({ headers: {}, rawBody: raw, body: { name: "x" }, nowMs: now, config })?.source).toBe("body-hash");
    expect(deriveIdempotencyKey({ headers: {}, rawBody: raw, body: { customer: { Name: "  ACME  Ltd" } }, nowMs: now, config: { mode: "path", path: "customer.Name" } })?.key).toBe(
      "path:customer.Name:acme ltd",
    );
  });

  it("bounds huge values and can be switched off", () => {
    const r = deriveIdempotencyKey({ headers: { "idempotency-key": "x".repeat(1024 * 1024) }, rawBody: raw, nowMs: now });
    expect(r?.key).toMatch(/^header:idempotency-key:sha256:[0-9a-f]{64}$/);
    expect(deriveIdempotencyKey({ headers: { "webhook-id": "m" }, rawBody: raw, nowMs: now, config: { mode: "off" } })).toBeNull();
  });
});
