// What the integration executors share: the cross-process limiter and breakers, the clock and
// resolver seams for tests, and one way to turn any failure into a step error whose text is
// redacted and which the engine does not retry (the node already retried what was worth it).
import type { Db } from "@/db/client";
import { NonRetryableError } from "@/server/engine/errors";
import { isOutboundError } from "@/server/integrations/errors";
import { OAuthError } from "@/server/integrations/oauth2";
import { SharedBreakerRegistry, dbQuery } from "@/server/integrations/pg-stores";
import { PgBucketStore, RateLimiter } from "@/server/integrations/rate-limiter";
import type { Redactor } from "@/server/integrations/redact";
import type { Resolver } from "@/server/integrations/ssrf-guard";
import { VaultError, type KeyRing } from "@/server/integrations/vault";
import type { OAuthDeps } from "@/server/services/credentials-oauth";
import { isDomainError } from "@/server/services/errors";

export interface IntegrationDeps {
  /** Token buckets; defaults to PgBucketStore over `db` so the limit holds across workers. */
  limiter?: RateLimiter;
  breakers?: SharedBreakerRegistry;
  resolve?: Resolver;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Longest wait held inside a step; longer ones park it. Well under the engine's node timeout
   * (5 min): five attempts with their pauses must fit in it.
   */
  maxInlineWaitMs?: number;
  ring?: KeyRing;
  oauth?: OAuthDeps;
}

export type ResolvedDeps = Required<Pick<IntegrationDeps, "limiter" | "breakers" | "maxInlineWaitMs">> & IntegrationDeps;

export const DEFAULT_MAX_INLINE_WAIT_MS = 20_000;

export function resolveDeps(db: Db, deps: IntegrationDeps = {}): ResolvedDeps {
  return {
    ...deps,
    limiter: deps.limiter ?? new RateLimiter({ store: new PgBucketStore(dbQuery(db)), sleep: deps.sleep }),
    breakers: deps.breakers ?? new SharedBreakerRegistry(db, undefined, deps.now),
    maxInlineWaitMs: deps.maxInlineWaitMs ?? DEFAULT_MAX_INLINE_WAIT_MS,
  };
}

/** A step failure the engine must not retry; message already redacted. */
export class IntegrationStepError extends NonRetryableError {
  constructor(
    message: string,
    code: string,
    readonly status?: number,
    data?: unknown,
  ) {
    super(message, code, data);
    this.name = "IntegrationStepError";
  }
}

/** A failure worth another try by the engine's retry policy (SMTP 4xx, a 503 from a chat webhook). */
export class TransientStepError extends Error {
  readonly retryable = true;
  constructor(
    message: string,
    readonly code: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "TransientStepError";
  }
}

/** Any error from credentials, the guard, the client or a provider → a clear, redacted step error. */
export function stepError(e: unknown, redactor: Redactor, prefix = ""): IntegrationStepError {
  if (e instanceof IntegrationStepError) return e;
  const say = (m: string) => redactor.string(prefix ? `${prefix}: ${m}` : m);
  if (e instanceof OAuthError) {
    const code = e.needsReconnect ? "CREDENTIAL_NEEDS_RECONNECT" : e.code === "not_connected" ? "CREDENTIAL_NOT_CONNECTED" : "OAUTH_ERROR";
    return new IntegrationStepError(say(e.message), code);
  }
  if (e instanceof VaultError) return new IntegrationStepError(say(`The credential could not be read (${e.code}): ${e.message}`), "CREDENTIAL_UNREADABLE");
  if (isOutboundError(e)) return new IntegrationStepError(say(e.message), e.code, undefined, redactor.value(e.details));
  if (isDomainError(e)) return new IntegrationStepError(say(e.message), e.kind === "not_found" ? "CREDENTIAL_NOT_FOUND" : "INVALID_CONFIG");
  return new IntegrationStepError(say(e instanceof Error ? e.message : String(e)), "INTEGRATION_ERROR");
}

/** Read a dotted path ("links.next", "data.0.id") out of a JSON value. */
export function getPath(value: unknown, path: string): unknown {
  if (!path.trim()) return value;
  let cur: unknown = value;
  for (const part of path.trim().split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
