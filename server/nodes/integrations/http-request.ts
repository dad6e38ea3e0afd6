// HTTP Request executor: credential → exact request bytes → executeWithResilience (breaker and
// failover, SSRF guard with the workspace allow-list, Postgres token buckets per host and
// credential, retries with Retry-After, one OAuth2 refresh on 401). A wait too long to hold a
// worker parks the step ({ wait }); the attempts it spent are kept so waking does not reset
// them. Everything stored — output, logs, errors — is redacted with the credential's values.
import type { Db } from "@/db/client";
import { breakerHost } from "@/server/integrations/failover";
import type { HeaderMap } from "@/server/integrations/http-client";
import { clearSpentAttempts, readSpentAttempts, saveSpentAttempts } from "@/server/integrations/pg-stores";
import { createRedactor, type Redactor } from "@/server/integrations/redact";
import { executeWithResilience, type AttemptRecord, type ResilienceResult } from "@/server/integrations/resilience";
import type { CompiledAllowList } from "@/server/integrations/ssrf-guard";
import { httpAuthFor, loadCredentialForUse, type HttpAuth } from "@/server/services/credentials-runtime";
import { getOutboundAllowList } from "@/server/services/outbound-settings";
import { httpRequestNode, type HttpRequestConfig } from "../catalog/http-request";
import { defineExecutor, type NodeRunContext } from "../executor";
import { buildBody, buildHeaders, buildUrl, nextPageUrl } from "./http-body";
import { IntegrationStepError, stepError, type ResolvedDeps } from "./shared";

export const RATE_SAFETY_FACTOR = 0.9;

interface Prepared {
  config: HttpRequestConfig;
  allowList: CompiledAllowList;
  auth?: HttpAuth;
  credentialId?: string;
  headers: Record<string, string>;
  body?: Buffer;
  redactor: Redactor;
  failover: string[];
}

async function prepare(db: Db, ctx: NodeRunContext<HttpRequestConfig>, deps: ResolvedDeps): Promise<Prepared> {
  const config = ctx.config;
  const allowList = await getOutboundAllowList(db, ctx.execution.workspaceId);
  const headers = buildHeaders(config);
  const body = buildBody(config, headers);
  const credentialId = String(config.credentialId ?? "").trim() || undefined;
  let auth: HttpAuth | undefined;
  let secrets: string[] = [];
  if (credentialId) {
    const cred = await loadCredentialForUse(db, ctx.execution.workspaceId, credentialId, { ring: deps.ring, type: ["api_key", "bearer", "basic", "hmac", "oauth2"] });
    secrets = cred.secrets;
    try {
      auth = await httpAuthFor(db, cred, { body, oauth: { ring: deps.ring, allowList, resolve: deps.resolve, now: deps.now, ...deps.oauth } });
    } catch (e) {
      throw stepError(e, createRedactor(secrets), `Credential "${cred.row.name}"`);
    }
    secrets = auth.secrets;
  }
  const failover = String(config.failoverBaseUrls ?? "").split(/\s+/).map((s) => s.trim()).filter(Boolean);
  // The redactor reads auth.secrets lazily: a token fetched by a 401 refresh is added to it.
  const redactor: Redactor = {
    string: (s) => createRedactor(auth?.secrets ?? secrets).string(s),
    value: (v) => createRedactor(auth?.secrets ?? secrets).value(v),
    headers: (h) => createRedactor(auth?.secrets ?? secrets).headers(h),
    error: (e) => createRedactor(auth?.secrets ?? secrets).error(e),
  };
  return { config, allowList, auth, credentialId, headers, body, redactor, failover };
}

async function callOnce(ctx: NodeRunContext<HttpRequestConfig>, p: Prepared, url: URL, remainingAttempts: number, deps: ResolvedDeps): Promise<ResilienceResult> {
  const { config } = p;
  const method = config.method;
  const sendKey = config.sendIdempotencyKey && (method === "POST" || method === "PATCH");
  const headers: HeaderMap = { ...(p.auth?.headers ?? {}), ...p.headers };
  const target = p.failover.length ? { baseUrls: [url.origin, ...p.failover], path: `${url.pathname}${url.search}` } : { url: url.href };
  const hosts = [url.href, ...p.failover].map((u) => breakerHost(u));
  await deps.breakers.hydrate(ctx.execution.workspaceId, hosts);
  // Tokens are spaced on the database clock, but the provider counts arrivals on its own:
  // scheduling and network jitter can bunch two requests, so we run 10% under the configured
  // rate and a limit of N/s stays at most N/s as the provider sees it (docs/decisions/0601).
  const bucket = { ratePerSec: config.rateLimitPerSec * RATE_SAFETY_FACTOR, burst: config.rateLimitBurst };
  try {
    return await executeWithResilience(
      {
        ...target,
        method,
        headers,
        body: p.body,
        timeoutMs: config.timeoutMs,
        maxResponseBytes: Math.round(config.maxResponseMb * 1024 * 1024),
        responseType: config.responseFormat,
        signal: ctx.signal,
        workspaceId: ctx.execution.workspaceId,
        credentialId: p.credentialId,
        idempotencyKey: sendKey ? ctx.idempotencyKey : undefined,
        retrySafe: config.retrySafe,
      },
      { retry: { maxAttempts: remainingAttempts }, hostRateLimit: bucket, credentialRateLimit: bucket, maxInlineWaitMs: deps.maxInlineWaitMs, allowList: p.allowList },
      { limiter: deps.limiter, breakers: deps.breakers, resolve: deps.resolve, now: deps.now, random: deps.random, sleep: deps.sleep, refreshCredential: p.auth?.refresh },
    );
  } finally {
    await deps.breakers.persist(ctx.execution.workspaceId, hosts);
  }
}

/** Attempts that count against the budget (a circuit-open refusal counts, as in resilience.ts). */
const sent = (attempts: AttemptRecord[]) => attempts.length;

function describeAttempts(attempts: AttemptRecord[], redactor: Redactor) {
  return attempts.map((a) => redactor.value({ attempt: a.attempt, url: a.url, status: a.status, error: a.errorCode, ms: Math.round(a.durationMs), next: a.next }));
}

export function createHttpRequestExecutor(db: Db, deps: ResolvedDeps) {
  return defineExecutor(httpRequestNode, async (ctx) => {
    const stepKey = ctx.idempotencyKey;
    let p: Prepared | undefined;
    try {
      p = await prepare(db, ctx, deps);
      const spentBefore = await readSpentAttempts(db, stepKey);
      const first = buildUrl(ctx.config, p.auth?.query);
      const pages: unknown[] = [];
      let url: URL | undefined = first;
      let last: Extract<ResilienceResult, { outcome: "response" }> | undefined;
      let pageCount = 0;
      while (url && pageCount < ctx.config.maxPages) {
        const remaining = Math.max(1, ctx.config.maxAttempts - spentBefore);
        const r = await callOnce(ctx, p, url, remaining, deps);
        ctx.log("info", `${ctx.config.method} ${p.redactor.string(url.href)}`, { attempts: describeAttempts(r.attempts, p.redactor) });
        if (r.outcome === "parked") {
          await saveSpentAttempts(db, stepKey, spentBefore + sent(r.attempts));
          ctx.log("warn", `Waiting ${Math.ceil(r.delayMs / 1000)} s before the next attempt (${r.reason}); the step is parked, no worker is held.`);
          return { wait: { delayMs: r.delayMs } };
        }
        if (r.outcome === "error") {
          const why = r.stopReason === "ATTEMPTS_EXHAUSTED" ? ` (gave up after ${spentBefore + sent(r.attempts)} attempts)` : "";
          throw new IntegrationStepError(p.redactor.string(`${r.error.message}${why}`), r.error.code, undefined, p.redactor.value({ attempts: describeAttempts(r.attempts, p.redactor) }));
        }
        const res = r.response;
        const ok = res.status >= 200 && res.status < 300;
        if (!ok && ctx.config.failOnNon2xx) {
          const excerpt = typeof res.body === "string" ? res.body.slice(0, 500) : JSON.stringify(res.body ?? null).slice(0, 500);
          const why = r.stopReason === "CREDENTIAL_INVALID" ? " The credential was refused; check or reconnect it." : r.stopReason === "NOT_IDEMPOTENT" ? " Not retried: a POST/PATCH without Idempotency-Key may already have been applied." : "";
          throw new IntegrationStepError(
            p.redactor.string(`${ctx.config.method} ${url.origin}${url.pathname} answered HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ""}.${why}`),
            `HTTP_${res.status}`,
            res.status,
            p.redactor.value({ status: res.status, body: excerpt, attempts: describeAttempts(r.attempts, p.redactor) }),
          );
        }
        last = r;
        pageCount++;
        if (ctx.config.pagination === "none" || !ok) break;
        const items = ctx.config.itemsPath.trim() ? getItems(res.body, ctx.config.itemsPath) : [res.body];
        pages.push(...items);
        const next = nextPageUrl(ctx.config, url, res);
        if (next.stopReason) ctx.log("warn", `Pagination stopped: ${next.stopReason}.`);
        url = next.url;
      }
      await clearSpentAttempts(db, stepKey);
      if (url && pageCount >= ctx.config.maxPages) ctx.log("warn", `Pagination stopped at the page limit (${ctx.config.maxPages}).`);
      const res = last!.response;
      return {
        output: p.redactor.value({
          status: res.status,
          statusText: res.statusText,
          headers: res.headers,
          body: ctx.config.pagination === "none" ? res.body : pages,
          url: res.finalUrl,
          ...(ctx.config.pagination === "none" ? {} : { pages: pageCount, morePages: !!url }),
          attempts: last!.attempts.length,
          durationMs: Math.round(res.timing.totalMs),
        }),
      };
    } catch (e) {
      await clearSpentAttempts(db, stepKey).catch(() => {});
      throw stepError(e, p?.redactor ?? createRedactor([]));
    }
  });
}

function getItems(body: unknown, path: string): unknown[] {
  let cur: unknown = body;
  for (const part of path.trim().split(".")) cur = cur && typeof cur === "object" ? (cur as Record<string, unknown>)[part] : undefined;
  return Array.isArray(cur) ? cur : cur === undefined ? [] : [cur];
}
