/**
 * Failover through an ordered list of base URLs. The primary is always used while its breaker
 * lets calls through; secondaries are tried only for idempotent requests and only while the
 * primary's breaker is open — a POST without an Idempotency-Key never moves, because the
 * primary may have executed it before failing.
 */
import { circuitOpenError, type CircuitBreaker, type Permit } from "./circuit-breaker";
import type { OutboundError } from "./errors";

/** Join a base URL ("https://api.example.com/v1") and a path ("/items?x=1"). */
export function joinUrl(baseUrl: string, path: string): string {
  if (!path) return baseUrl;
  return `${baseUrl.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}

/** The breaker key of a URL: host with port, so two peers on one IP stay apart. */
export function breakerHost(url: string): string {
  return new URL(url).host.toLowerCase();
}

export type EndpointChoice =
  | { ok: true; index: number; baseUrl: string; url: string; host: string; breaker: CircuitBreaker; permit: Permit }
  | { ok: false; error: OutboundError };

export function chooseEndpoint(
  baseUrls: readonly string[],
  path: string,
  opts: { idempotent: boolean; breakerFor: (host: string) => CircuitBreaker },
): EndpointChoice {
  if (baseUrls.length === 0) throw new Error("chooseEndpoint: no base URL");
  let firstDenied: { host: string; retryInMs: number } | undefined;
  for (let i = 0; i < baseUrls.length; i++) {
    const baseUrl = baseUrls[i]!;
    const host = breakerHost(baseUrl);
    const breaker = opts.breakerFor(host);
    const permit = breaker.acquire();
    if (permit.allowed) return { ok: true, index: i, baseUrl, url: joinUrl(baseUrl, path), host, breaker, permit };
    firstDenied ??= { host, retryInMs: permit.retryInMs };
    if (!opts.idempotent) break; // non-idempotent requests stay on the primary
  }
  return { ok: false, error: circuitOpenError(firstDenied!.host, firstDenied!.retryInMs) };
}
