/**
 * Retry decisions as a pure function, so the engine (which parks steps instead of sleeping) and
 * the in-process resilience wrapper share one rule set. Clock and randomness are injected.
 */

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
  /** A wait longer than this parks the step (the engine reschedules it) instead of sleeping. */
  parkAfterMs: number;
  /** Retry-After values beyond this are clamped (a hostile peer cannot park us for a year). */
  maxRetryAfterMs: number;
  retryStatuses: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 5 * 60_000,
  parkAfterMs: 5 * 60_000,
  maxRetryAfterMs: 24 * 60 * 60_000,
  retryStatuses: [408, 425, 429, 500, 502, 503, 504],
};

/** What went wrong with the attempt that just finished. */
export type AttemptFailure =
  | { kind: "response"; status: number; headers?: Record<string, string | string[] | undefined> }
  | {
      kind: "error";
      /** OutboundError code (TIMEOUT, NETWORK, DNS_FAILED, SSRF_BLOCKED…) or any other string. */
      code: string;
      /** Whether the error says it is transient; false wins over everything. */
      retryable: boolean;
      /** Whether any request bytes may have reached the peer. */
      requestSent: boolean;
    };

export interface AttemptContext {
  /** Number of attempts already made, the failed one included (1 after the first). */
  attempt: number;
  method: string;
  /** A stable key (execution:node:item) sent as Idempotency-Key. */
  idempotencyKey?: string;
  /** The user marked this request safe to repeat. */
  retrySafe?: boolean;
  /** A credential refresh is possible (OAuth2) — enables the one 401 retry. */
  canRefreshCredential?: boolean;
  /** The 401 refresh has already been spent in this step. */
  credentialRefreshed?: boolean;
}

export interface RetryDeps {
  /** Uniform in [0, 1). */
  random: () => number;
  /** Epoch ms, for Retry-After dates. */
  now: () => number;
}

export type RetryReason =
  | "NOT_RETRYABLE_STATUS"
  | "NOT_RETRYABLE_ERROR"
  | "ATTEMPTS_EXHAUSTED"
  | "NOT_IDEMPOTENT"
  | "CREDENTIAL_INVALID";

export type RetryDecision =
  | { retry: false; reason: RetryReason; message: string }
  | {
      retry: true;
      delayMs: number;
      /** The wait is too long to hold a worker: park the step until now + delayMs. */
      park: boolean;
      /** Refresh the credential before the next attempt (the 401 path). */
      refreshCredential: boolean;
      /** Where the delay came from. */
      source: "backoff" | "retry-after" | "refresh";
    };

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]);

export function isIdempotent(ctx: Pick<AttemptContext, "method" | "idempotencyKey" | "retrySafe">): boolean {
  return IDEMPOTENT.has(ctx.method.toUpperCase()) || !!ctx.idempotencyKey || !!ctx.retrySafe;
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, initial·factor^(n-1))]. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** Parse Retry-After (delta-seconds or HTTP-date) into a wait in ms, or undefined. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const v = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // HTTP-date only (IMF-fixdate and the obsolete forms Date.parse also reads); never bare numbers.
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function header(h: Record<string, string | string[] | undefined> | undefined, name: string) {
  if (!h) return undefined;
  for (const [k, v] of Object.entries(h)) if (k.toLowerCase() === name) return v;
  return undefined;
}

export function decideRetry(
  failure: AttemptFailure,
  ctx: AttemptContext,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  deps: RetryDeps = { random: Math.random, now: Date.now },
): RetryDecision {
  // 401: one refresh, one retry, outside the fault budget (it is recovery, not a fault).
  if (failure.kind === "response" && failure.status === 401) {
    if (ctx.canRefreshCredential && !ctx.credentialRefreshed) {
      return { retry: true, delayMs: 0, park: false, refreshCredential: true, source: "refresh" };
    }
    return { retry: false, reason: "CREDENTIAL_INVALID", message: "The credential was rejected (401) after a refresh; reconnect it." };
  }

  if (failure.kind === "response" && !policy.retryStatuses.includes(failure.status)) {
    return { retry: false, reason: "NOT_RETRYABLE_STATUS", message: `HTTP ${failure.status} is not retried.` };
  }
  if (failure.kind === "error" && !failure.retryable) {
    return { retry: false, reason: "NOT_RETRYABLE_ERROR", message: `${failure.code} is not retried.` };
  }
  // A non-idempotent request may be repeated only when the peer cannot have seen it.
  const unsent = failure.kind === "error" && !failure.requestSent;
  if (!unsent && !isIdempotent(ctx)) {
    return {
      retry: false,
      reason: "NOT_IDEMPOTENT",
      message: `${ctx.method.toUpperCase()} is retried only with an Idempotency-Key or when marked retry-safe.`,
    };
  }
  if (ctx.attempt >= policy.maxAttempts) {
    return { retry: false, reason: "ATTEMPTS_EXHAUSTED", message: `Gave up after ${ctx.attempt} attempts.` };
  }

  const retryAfter =
    failure.kind === "response" ? parseRetryAfter(header(failure.headers, "retry-after"), deps.now()) : undefined;
  if (retryAfter !== undefined) {
    const delayMs = Math.min(retryAfter, policy.maxRetryAfterMs);
    return { retry: true, delayMs, park: delayMs > policy.parkAfterMs, refreshCredential: false, source: "retry-after" };
  }
  const delayMs = backoffDelay(ctx.attempt, policy, deps.random);
  return { retry: true, delayMs, park: delayMs > policy.parkAfterMs, refreshCredential: false, source: "backoff" };
}
