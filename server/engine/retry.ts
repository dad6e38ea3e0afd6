// Retry decisions: pure functions of the policy, the attempt number, the error and a random number
// supplied by the caller (so tests are deterministic and the engine never calls Math.random).
import type { SerializedError } from "./errors";

export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

/** A node that does not declare a policy runs once. */
export const NO_RETRY: RetryPolicy = { maxAttempts: 1, initialDelayMs: 1000, factor: 2, maxDelayMs: 300_000 };
/** Default for side-effecting nodes that can fail (reliability.md: 5 attempts, 1 s, ×2, cap 5 min). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 1000, factor: 2, maxDelayMs: 300_000 };
/** Retry-After values are honoured up to a day; beyond that the remote side is not coming back. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

export type RetryOutcome =
  | { type: "retry"; delayMs: number; attempt: number; reason: "backoff" | "retry-after" }
  | { type: "give-up"; reason: "non-retryable" | "attempts-exhausted" | "retry-after-too-long" };

export function resolvePolicy(...layers: Array<Partial<RetryPolicy> | undefined>): RetryPolicy {
  const p: RetryPolicy = { ...NO_RETRY };
  for (const l of layers) if (l) Object.assign(p, stripUndefined(l));
  p.maxAttempts = Math.max(1, Math.floor(p.maxAttempts));
  return p;
}

/**
 * @param attempt the attempt that just failed (1-based)
 * @param random a number in [0, 1) used for full jitter
 */
export function decideRetry(policy: RetryPolicy, attempt: number, error: SerializedError, random: number): RetryOutcome {
  if (error.retryable === false) return { type: "give-up", reason: "non-retryable" };
  if (attempt >= policy.maxAttempts) return { type: "give-up", reason: "attempts-exhausted" };
  if (error.retryAfterMs !== undefined && error.retryAfterMs >= 0) {
    if (error.retryAfterMs > MAX_RETRY_AFTER_MS) return { type: "give-up", reason: "retry-after-too-long" };
    return { type: "retry", delayMs: Math.ceil(error.retryAfterMs), attempt: attempt + 1, reason: "retry-after" };
  }
  return { type: "retry", delayMs: backoffDelay(policy, attempt, random), attempt: attempt + 1, reason: "backoff" };
}

/** Exponential backoff with full jitter: uniform in [0, min(cap, initial × factor^(attempt-1))]. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: number): number {
  const r = Math.min(Math.max(random, 0), 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * Math.pow(policy.factor, Math.max(0, attempt - 1)));
  return Math.floor(ceiling * r);
}

/** Whether an HTTP status is worth retrying (408, 425, 429 and 5xx gateway/availability errors). */
export function isRetryableStatus(status: number): boolean {
  return [408, 425, 429, 500, 502, 503, 504].includes(status);
}

/**
 * Parses a Retry-After header (delta seconds or HTTP-date) into milliseconds from `nowMs`.
 * Returns undefined for a missing or unparseable value.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
