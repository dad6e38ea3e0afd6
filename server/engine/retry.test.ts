import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { backoffDelay, decideRetry, DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, resolvePolicy, MAX_RETRY_AFTER_MS } from "./retry";

describe("retry decisions", () => {
  it("full jitter stays within [0, min(cap, initial × factor^(n-1))]", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), (attempt, r) => {
        const d = backoffDelay(DEFAULT_RETRY, attempt, r);
        const ceiling = Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.initialDelayMs * 2 ** (attempt - 1));
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(ceiling);
      }),
    );
    expect(backoffDelay(DEFAULT_RETRY, 3, 0.999999)).toBe(3999);
  });

  it("gives up on non-retryable errors and after the last attempt; honours Retry-After up to a day", () => {
    const p = resolvePolicy({ maxAttempts: 3 });
    expect(decideRetry(p, 1, { message: "x", retryable: false }, 0.5)).toEqual({ type: "give-up", reason: "non-retryable" });
    expect(decideRetry(p, 3, { message: "x" }, 0.5)).toEqual({ type: "give-up", reason: "attempts-exhausted" });
    expect(decideRetry(p, 1, { message: "x", retryAfterMs: 120_000 }, 0.5)).toEqual({ type: "retry", delayMs: 120_000, attempt: 2, reason: "retry-after" });
    expect(decideRetry(p, 1, { message: "x", retryAfterMs: MAX_RETRY_AFTER_MS + 1 }, 0.5)).toMatchObject({ type: "give-up", reason: "retry-after-too-long" });
    expect(decideRetry(p, 2, { message: "x" }, 0.5)).toEqual({ type: "retry", delayMs: 1000, attempt: 3, reason: "backoff" });
  });

  it("parses Retry-After as seconds or an HTTP date, relative to the given clock", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("garbage", now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it("retries 408, 425, 429 and 5xx gateway errors only", () => {
    for (const s of [408, 425, 429, 500, 502, 503, 504]) expect(isRetryableStatus(s)).toBe(true);
    for (const s of [400, 401, 403, 404, 409, 422, 501]) expect(isRetryableStatus(s)).toBe(false);
  });
});
