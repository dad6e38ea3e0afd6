import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY, backoffDelay, decideRetry, parseRetryAfter, type AttemptContext } from "./retry-policy";

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const deps = (r = 0.5) => ({ random: () => r, now: () => NOW });
const get = (attempt = 1, extra: Partial<AttemptContext> = {}): AttemptContext => ({ attempt, method: "GET", ...extra });
const status = (s: number, headers?: Record<string, string>) => ({ kind: "response" as const, status: s, headers });

describe("decideRetry: what is retried", () => {
  it.each([408, 425, 429, 500, 502, 503, 504])("retries HTTP %i", (s) => {
    expect(decideRetry(status(s), get(), undefined, deps())).toMatchObject({ retry: true, park: false });
  });
  it.each([400, 403, 404, 409, 422, 501])("never retries HTTP %i", (s) => {
    expect(decideRetry(status(s), get(), undefined, deps())).toMatchObject({ retry: false, reason: "NOT_RETRYABLE_STATUS" });
  });
  it("retries network errors and timeouts, never SSRF refusals", () => {
    const err = (code: string, retryable: boolean) => ({ kind: "error" as const, code, retryable, requestSent: true });
    expect(decideRetry(err("NETWORK", true), get(), undefined, deps()).retry).toBe(true);
    expect(decideRetry(err("TIMEOUT", true), get(), undefined, deps()).retry).toBe(true);
    expect(decideRetry(err("SSRF_BLOCKED", false), get(), undefined, deps())).toMatchObject({ retry: false, reason: "NOT_RETRYABLE_ERROR" });
    expect(decideRetry(err("RESPONSE_TOO_LARGE", false), get(), undefined, deps()).retry).toBe(false);
  });
  it("stops after maxAttempts (5 in total by default)", () => {
    expect(decideRetry(status(503), get(4), undefined, deps()).retry).toBe(true);
    expect(decideRetry(status(503), get(5), undefined, deps())).toMatchObject({ retry: false, reason: "ATTEMPTS_EXHAUSTED" });
  });
});

describe("decideRetry: 401", () => {
  it("refreshes the credential once, then gives up with CREDENTIAL_INVALID", () => {
    const first = decideRetry(status(401), get(1, { canRefreshCredential: true }), undefined, deps());
    expect(first).toEqual({ retry: true, delayMs: 0, park: false, refreshCredential: true, source: "refresh" });
    const second = decideRetry(status(401), get(2, { canRefreshCredential: true, credentialRefreshed: true }), undefined, deps());
    expect(second).toMatchObject({ retry: false, reason: "CREDENTIAL_INVALID" });
    expect(decideRetry(status(401), get(1), undefined, deps())).toMatchObject({ retry: false, reason: "CREDENTIAL_INVALID" });
  });
});

describe("decideRetry: non-idempotent methods", () => {
  it.each(["POST", "PATCH"])("does not retry %s after the request was sent", (method) => {
    const sent = { kind: "error" as const, code: "TIMEOUT", retryable: true, requestSent: true };
    expect(decideRetry(sent, { attempt: 1, method }, undefined, deps())).toMatchObject({ retry: false, reason: "NOT_IDEMPOTENT" });
    expect(decideRetry(status(503), { attempt: 1, method }, undefined, deps())).toMatchObject({ retry: false, reason: "NOT_IDEMPOTENT" });
  });
  it("retries POST with an Idempotency-Key, when marked retry-safe, or when nothing was sent", () => {
    expect(decideRetry(status(503), { attempt: 1, method: "POST", idempotencyKey: "e1:n1:0" }, undefined, deps()).retry).toBe(true);
    expect(decideRetry(status(503), { attempt: 1, method: "PATCH", retrySafe: true }, undefined, deps()).retry).toBe(true);
    const refused = { kind: "error" as const, code: "NETWORK", retryable: true, requestSent: false };
    expect(decideRetry(refused, { attempt: 1, method: "POST" }, undefined, deps()).retry).toBe(true);
  });
  it.each(["PUT", "DELETE", "HEAD", "OPTIONS"])("retries %s", (method) => {
    expect(decideRetry(status(503), { attempt: 1, method }, undefined, deps()).retry).toBe(true);
  });
});

describe("backoff", () => {
  it("doubles from 1 s to a 5 min cap, with full jitter", () => {
    const top = (n: number) => backoffDelay(n, DEFAULT_RETRY_POLICY, () => 0.999999);
    expect([1, 2, 3, 4].map(top)).toEqual([999, 1999, 3999, 7999]);
    expect(top(30)).toBe(Math.floor(300_000 * 0.999999));
    expect(backoffDelay(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });
  it("property: delay is within [0, min(cap, 1 s·2^(n-1))] and never parks", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.9999999, noNaN: true }), (n, r) => {
        const d = decideRetry(status(500), get(Math.min(n, 4)), { ...DEFAULT_RETRY_POLICY, maxAttempts: 100 }, deps(r));
        const delay = backoffDelay(n, DEFAULT_RETRY_POLICY, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(300_000, 1000 * 2 ** (n - 1)));
        expect(d).toMatchObject({ retry: true, park: false, source: "backoff" });
      }),
    );
  });
});

describe("Retry-After", () => {
  it("overrides backoff in seconds and as an HTTP-date (injected clock)", () => {
    expect(decideRetry(status(429, { "Retry-After": "120" }), get(), undefined, deps())).toMatchObject({ retry: true, delayMs: 120_000, park: false, source: "retry-after" });
    const date = new Date(NOW + 90_000).toUTCString();
    expect(decideRetry(status(503, { "retry-after": date }), get(), undefined, deps())).toMatchObject({ delayMs: 90_000 });
  });
  it("parks when the wait exceeds 5 minutes, and clamps at 24 h", () => {
    expect(decideRetry(status(429, { "retry-after": "301" }), get(), undefined, deps())).toMatchObject({ park: true, delayMs: 301_000 });
    expect(decideRetry(status(429, { "retry-after": "86400" }), get(), undefined, deps())).toMatchObject({ park: true, delayMs: 86_400_000 });
    expect(decideRetry(status(429, { "retry-after": "999999999" }), get(), undefined, deps())).toMatchObject({ delayMs: 86_400_000 });
  });
  it("parses both forms and ignores junk", () => {
    expect(parseRetryAfter("0", NOW)).toBe(0);
    expect(parseRetryAfter(["5", "7"], NOW)).toBe(5000);
    expect(parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", NOW)).toBe(0); // in the past
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
    expect(parseRetryAfter("1.5", NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});
