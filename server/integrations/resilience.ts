/**
 * executeWithResilience: one outbound call with every policy applied, in this order per attempt:
 *   breaker/failover (pick an endpoint that may be called) → SSRF guard (pin the address) →
 *   rate limiter (per host and per credential) → request → breaker bookkeeping → retry decision.
 * The breaker comes before the guard and limiter so that a call that would fail fast spends no
 * DNS lookup and no token. Waits longer than `maxInlineWaitMs` end the call as `parked`: the
 * engine then reschedules the step instead of holding a worker.
 */
import { isBreakerFailure, type BreakerRegistry } from "./circuit-breaker";
import { OutboundError, isOutboundError } from "./errors";
import { chooseEndpoint } from "./failover";
import { outboundRequest, type HeaderMap, type OutboundRequest, type OutboundResponse } from "./http-client";
import { DEFAULT_BUCKET, defaultSleep, type BucketConfig, type RateLimiter } from "./rate-limiter";
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  isIdempotent,
  parseRetryAfter,
  type AttemptFailure,
  type RetryPolicy,
  type RetryReason,
} from "./retry-policy";
import { guardUrl, type AllowListInput, type Resolver } from "./ssrf-guard";

export interface ResilientRequest extends Omit<OutboundRequest, "url" | "pinned" | "allowList" | "resolve"> {
  /** A single URL, or `baseUrls` + `path` for failover (first = primary). */
  url?: string;
  baseUrls?: readonly string[];
  path?: string;
  workspaceId: string;
  credentialId?: string;
  /** Sent as Idempotency-Key; makes POST/PATCH retryable and eligible for failover. */
  idempotencyKey?: string;
  retrySafe?: boolean;
}

export interface ResiliencePolicies {
  retry?: Partial<RetryPolicy>;
  hostRateLimit?: BucketConfig | false;
  credentialRateLimit?: BucketConfig | false;
  /** Longest wait held in-process; longer ones park. Defaults to the retry policy's parkAfterMs. */
  maxInlineWaitMs?: number;
  allowList?: AllowListInput;
}

export interface ResilienceDeps {
  limiter: RateLimiter;
  /** Any registry with `get` (the in-process one, or SharedBreakerRegistry in pg-stores.ts). */
  breakers: Pick<BreakerRegistry, "get">;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  resolve?: Resolver;
  send?: (req: OutboundRequest) => Promise<OutboundResponse>;
  /** Refresh the credential (OAuth2) and return the headers to use from now on. */
  refreshCredential?: () => Promise<HeaderMap>;
}

export interface AttemptRecord {
  attempt: number;
  url: string;
  endpointIndex: number;
  status?: number;
  errorCode?: string;
  durationMs: number;
  /** What happened next: the wait before the next attempt, or why it stopped. */
  next?: { retryInMs: number; source: string } | { stop: RetryReason | "PARKED" };
}

export type ResilienceResult =
  | { outcome: "response"; response: OutboundResponse; attempts: AttemptRecord[]; stopReason?: RetryReason }
  | { outcome: "error"; error: OutboundError; attempts: AttemptRecord[]; stopReason?: RetryReason }
  | {
      outcome: "parked";
      resumeAt: number;
      delayMs: number;
      reason: "retry-after" | "backoff" | "rate-limit" | "circuit-open";
      attempts: AttemptRecord[];
    };

export async function executeWithResilience(
  request: ResilientRequest,
  policies: ResiliencePolicies,
  deps: ResilienceDeps,
): Promise<ResilienceResult> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? defaultSleep;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...policies.retry };
  const maxInline = policies.maxInlineWaitMs ?? policy.parkAfterMs;
  const send = deps.send ?? outboundRequest;
  const baseUrls = request.baseUrls ?? (request.url ? [request.url] : []);
  const path = request.baseUrls ? (request.path ?? "") : "";
  const method = (request.method ?? "GET").toUpperCase();
  const idempotent = isIdempotent({ method, idempotencyKey: request.idempotencyKey, retrySafe: request.retrySafe });
  let headers: HeaderMap = { ...request.headers };
  if (request.idempotencyKey && !Object.keys(headers).some((k) => k.toLowerCase() === "idempotency-key")) {
    headers["Idempotency-Key"] = request.idempotencyKey;
  }
  const attempts: AttemptRecord[] = [];
  let credentialRefreshed = false;
  // Attempts that count against maxAttempts (the 401 refresh retry does not).
  let spent = 0;
  const park = (delayMs: number, reason: Extract<ResilienceResult, { outcome: "parked" }>["reason"]) =>
    ({ outcome: "parked", resumeAt: now() + delayMs, delayMs, reason, attempts }) as const;

  for (;;) {
    const attempt = attempts.length + 1;
    // 1. Breaker and failover.
    const choice = chooseEndpoint(baseUrls, path, { idempotent, breakerFor: (h) => deps.breakers.get(request.workspaceId, h) });
    if (!choice.ok) {
      const retryInMs = Number(choice.error.details.retryInMs ?? 0);
      spent++;
      const record: AttemptRecord = { attempt, url: baseUrls[0]!, endpointIndex: 0, errorCode: "CIRCUIT_OPEN", durationMs: 0 };
      attempts.push(record);
      if (spent >= policy.maxAttempts) {
        record.next = { stop: "ATTEMPTS_EXHAUSTED" };
        return { outcome: "error", error: choice.error, attempts, stopReason: "ATTEMPTS_EXHAUSTED" };
      }
      if (retryInMs > maxInline) {
        // Nothing was sent, so any method may wait for the probe; the engine resumes it later.
        record.next = { stop: "PARKED" };
        return park(retryInMs, "circuit-open");
      }
      record.next = { retryInMs, source: "circuit-open" };
      if (!(await pause(retryInMs))) return cancelled();
      continue;
    }
    const { breaker, permit, host } = choice;

    // 2. SSRF guard: resolve once and pin; a refusal is final and says nothing about the host.
    let pinned;
    try {
      pinned = await guardUrl(choice.url, { allowList: policies.allowList, resolve: deps.resolve });
    } catch (e) {
      breaker.releaseWithoutOutcome(permit);
      const error = isOutboundError(e) ? e : new OutboundError("INVALID_URL", String(e), { retryable: false });
      if (error.code === "DNS_FAILED") breaker.recordFailure(error.message);
      attempts.push({ attempt, url: choice.url, endpointIndex: choice.index, errorCode: error.code, durationMs: 0 });
      spent++;
      if (!error.retryable) return { outcome: "error", error, attempts, stopReason: "NOT_RETRYABLE_ERROR" };
      const d = decideRetry(failureOf(error), ctx(), policy, { random: deps.random ?? Math.random, now });
      if (!d.retry) return { outcome: "error", error, attempts, stopReason: d.reason };
      if (d.park || d.delayMs > maxInline) return park(d.delayMs, d.source === "retry-after" ? "retry-after" : "backoff");
      if (!(await pause(d.delayMs))) return cancelled();
      continue;
    }

    // 3. Rate limits per host and per credential.
    const keys: { key: string; cfg: BucketConfig }[] = [];
    if (policies.hostRateLimit !== false) keys.push({ key: `host:${host}`, cfg: policies.hostRateLimit ?? DEFAULT_BUCKET });
    if (request.credentialId && policies.credentialRateLimit !== false) {
      keys.push({ key: `cred:${request.credentialId}`, cfg: policies.credentialRateLimit ?? DEFAULT_BUCKET });
    }
    let token;
    try {
      token = await deps.limiter.acquire(keys, { maxWaitMs: maxInline, signal: request.signal });
    } catch (e) {
      breaker.releaseWithoutOutcome(permit);
      if (request.signal?.aborted) return cancelled();
      throw e;
    }
    if (!token.ok) {
      breaker.releaseWithoutOutcome(permit);
      return park(token.waitMs, "rate-limit");
    }

    // 4. The request itself.
    const started = performance.now();
    let response: OutboundResponse | undefined;
    let error: OutboundError | undefined;
    try {
      response = await send({ ...request, url: choice.url, headers, pinned, allowList: policies.allowList, resolve: deps.resolve });
    } catch (e) {
      error = isOutboundError(e) ? e : new OutboundError("NETWORK", String(e), { retryable: true, requestSent: true, cause: e });
    }
    const record: AttemptRecord = {
      attempt,
      url: choice.url,
      endpointIndex: choice.index,
      status: response?.status,
      errorCode: error?.code,
      durationMs: performance.now() - started,
    };
    attempts.push(record);
    spent++;

    // 5. Breaker bookkeeping. Cancellations and refusals say nothing about the host's health.
    if (error && (error.code === "ABORTED" || error.code === "SSRF_BLOCKED")) breaker.releaseWithoutOutcome(permit);
    else if (isBreakerFailure({ status: response?.status, errorCode: error?.code })) {
      breaker.recordFailure(error ? error.message : `HTTP ${response!.status}`);
    } else breaker.recordSuccess();

    if (response && response.status < 400) return { outcome: "response", response, attempts };
    if (response?.status === 429) {
      const wait = parseRetryAfter(response.headers["retry-after"], now());
      if (wait !== undefined && keys.length) await deps.limiter.on429(keys.map((k) => k.key), Math.min(wait, policy.maxRetryAfterMs));
    }

    // 6. Retry decision.
    const failure: AttemptFailure = response ? { kind: "response", status: response.status, headers: response.headers } : failureOf(error!);
    const d = decideRetry(failure, ctx(), policy, { random: deps.random ?? Math.random, now });
    const stop = (reason: RetryReason): ResilienceResult => {
      record.next = { stop: reason };
      return response ? { outcome: "response", response, attempts, stopReason: reason } : { outcome: "error", error: error!, attempts, stopReason: reason };
    };
    if (!d.retry) return stop(d.reason);
    if (d.refreshCredential) {
      if (!deps.refreshCredential) return stop("CREDENTIAL_INVALID");
      headers = { ...headers, ...(await deps.refreshCredential()) };
      credentialRefreshed = true;
      spent--; // the refresh retry is recovery, not a fault: it does not use up an attempt
    }
    if (d.park || d.delayMs > maxInline) {
      record.next = { stop: "PARKED" };
      return park(d.delayMs, d.source === "retry-after" ? "retry-after" : "backoff");
    }
    record.next = { retryInMs: d.delayMs, source: d.source };
    if (d.delayMs > 0 && !(await pause(d.delayMs))) return cancelled();
  }

  /** Sleep unless cancelled; false when the caller's signal fired. */
  async function pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, request.signal);
      return true;
    } catch (e) {
      if (request.signal?.aborted) return false;
      throw e;
    }
  }

  function cancelled(): ResilienceResult {
    const error = new OutboundError("ABORTED", "The request was cancelled.", { retryable: false });
    return { outcome: "error", error, attempts };
  }

  function ctx() {
    return {
      attempt: spent,
      method,
      idempotencyKey: request.idempotencyKey,
      retrySafe: request.retrySafe,
      canRefreshCredential: !!deps.refreshCredential,
      credentialRefreshed,
    };
  }
}

function failureOf(e: OutboundError): AttemptFailure {
  return { kind: "error", code: e.code, retryable: e.retryable, requestSent: e.requestSent };
}
