/**
 * The one outbound HTTP client. Built on node:http/https (not fetch) because only there can we
 * hand the socket a `lookup` that returns exactly the address the SSRF guard checked, while the
 * Host header and TLS SNI/certificate check keep using the name.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import zlib from "node:zlib";
import { OutboundError } from "./errors";
import { decodeBody, encodeBody, tooLarge, type RawResponse, type ResponseType } from "./http-body";
import { guardUrl, type AllowListInput, type GuardedTarget, type Resolver } from "./ssrf-guard";

export type { ResponseType } from "./http-body";

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface OutboundRequest {
  method?: string;
  url: string | URL;
  headers?: HeaderMap;
  /** string/bytes are sent as-is; URLSearchParams as a form; anything else as JSON. */
  body?: unknown;
  timeoutMs?: number;
  maxResponseBytes?: number;
  maxRedirects?: number;
  allowList?: AllowListInput;
  signal?: AbortSignal;
  responseType?: ResponseType;
  /** Injected resolver (tests); defaults to the system one. */
  resolve?: Resolver;
  /** A first-hop target already checked by the guard (saves a second DNS lookup). */
  pinned?: GuardedTarget;
  /** Extra TLS options, e.g. a private CA for a self-hosted peer. */
  tls?: Pick<https.RequestOptions, "ca" | "rejectUnauthorized">;
}

export interface OutboundResponse {
  status: number;
  statusText: string;
  headers: Record<string, string | string[]>;
  body: unknown;
  bytes: number;
  finalUrl: string;
  redirects: string[];
  remoteAddress: string;
  timing: { startedAt: number; ttfbMs: number; totalMs: number };
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

// Keep-alive pools keyed by name *and* pinned address, so a socket opened for one checked
// address is never reused for a name that now resolves elsewhere.
type PinnedOptions = http.RequestOptions & { pinnedAddress?: string };
class PinnedHttpAgent extends http.Agent {
  override getName(o?: PinnedOptions): string {
    return `${super.getName(o)}|${o?.pinnedAddress ?? ""}`;
  }
}
class PinnedHttpsAgent extends https.Agent {
  override getName(o?: PinnedOptions & https.AgentOptions): string {
    return `${super.getName(o)}|${o?.pinnedAddress ?? ""}`;
  }
}
const httpAgent = new PinnedHttpAgent({ keepAlive: true, maxSockets: 64 });
const httpsAgent = new PinnedHttpsAgent({ keepAlive: true, maxSockets: 64 });

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) => {
    if (opts?.all) cb(null, [{ address, family }]);
    else cb(null, address, family);
  }) as unknown as LookupFunction;
}


const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization"];

/** Perform one request, following redirects (each target re-checked by the guard). */
export async function outboundRequest(req: OutboundRequest): Promise<OutboundResponse> {
  const startedAt = Date.now();
  const t0 = performance.now();
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = req.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const cap = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

  // One controller covers the whole exchange, redirects and a slow body included.
  const ctrl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctrl.abort();
  }, timeoutMs);
  const onCallerAbort = () => ctrl.abort();
  if (req.signal?.aborted) ctrl.abort();
  req.signal?.addEventListener("abort", onCallerAbort, { once: true });
  const abortError = (sent: boolean) =>
    timedOut
      ? new OutboundError("TIMEOUT", `The request timed out after ${timeoutMs} ms.`, { retryable: true, requestSent: sent })
      : new OutboundError("ABORTED", "The request was cancelled.", { retryable: false, requestSent: sent });

  let method = (req.method ?? "GET").toUpperCase();
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
  let body = encodeBody(req.body, headers);
  headers["accept-encoding"] ??= "gzip, deflate, br";
  const redirects: string[] = [];

  try {
    let url = req.url instanceof URL ? req.url : new URL(String(req.url));
    let target: GuardedTarget =
      req.pinned && req.pinned.url.href === url.href
        ? req.pinned
        : await guardUrl(url, { allowList: req.allowList, resolve: req.resolve });
    for (;;) {
      if (ctrl.signal.aborted) throw abortError(false);
      const raw = await sendOnce(target, method, headers, body, ctrl.signal, cap, req.tls, abortError);
      const location = raw.headers.location;
      // maxRedirects 0 hands the 3xx to the caller (webhook delivery counts it as a failure).
      if (REDIRECTS.has(raw.status) && location && maxRedirects > 0) {
        if (redirects.length >= maxRedirects) {
          throw new OutboundError("TOO_MANY_REDIRECTS", `Stopped after ${maxRedirects} redirects (last: ${url.href}).`, {
            retryable: false,
            requestSent: true,
          });
        }
        const next = new URL(location, url);
        if (raw.status === 303 || ((raw.status === 301 || raw.status === 302) && method === "POST")) {
          // What browsers do; 307/308 keep method and body.
          method = method === "HEAD" ? "HEAD" : "GET";
          body = undefined;
          delete headers["content-type"];
          delete headers["content-length"];
        }
        if (next.origin !== url.origin) for (const h of CREDENTIAL_HEADERS) delete headers[h];
        redirects.push(next.href);
        url = next;
        target = await guardUrl(next, { allowList: req.allowList, resolve: req.resolve });
        continue;
      }
      const out: OutboundResponse = {
        status: raw.status,
        statusText: raw.statusText,
        headers: Object.fromEntries(Object.entries(raw.headers).filter((e): e is [string, string | string[]] => e[1] !== undefined)),
        body: decodeBody(raw, req.responseType ?? "auto"),
        bytes: raw.body.length,
        finalUrl: url.href,
        redirects,
        remoteAddress: raw.remoteAddress,
        timing: { startedAt, ttfbMs: raw.ttfbAt - t0, totalMs: performance.now() - t0 },
      };
      return out;
    }
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener("abort", onCallerAbort);
  }
}

function sendOnce(
  target: GuardedTarget,
  method: string,
  headers: Record<string, string | string[]>,
  body: Buffer | undefined,
  signal: AbortSignal,
  cap: number,
  tls: OutboundRequest["tls"],
  abortError: (sent: boolean) => OutboundError,
): Promise<RawResponse> {
  return new Promise<RawResponse>((resolve, reject) => {
    const { url } = target;
    const isHttps = url.protocol === "https:";
    let connected = false;
    let settled = false;
    const fail = (e: OutboundError) => {
      if (settled) return;
      settled = true;
      reject(e);
    };
    const options: PinnedOptions & https.RequestOptions = {
      method,
      protocol: url.protocol,
      hostname: target.hostname,
      port: url.port || (isHttps ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: body ? { ...headers, "content-length": String(body.length) } : headers,
      agent: isHttps ? httpsAgent : httpAgent,
      lookup: pinnedLookup(target.address, target.family),
      pinnedAddress: target.address,
      signal,
      ...(url.username ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
      ...(isHttps ? { servername: target.hostname, ...tls } : {}),
    };
    const request = (isHttps ? https : http).request(options, (res) => {
      const ttfbAt = performance.now();
      const remoteAddress = res.socket?.remoteAddress ?? target.address;
      const declared = Number(res.headers["content-length"]);
      if (Number.isFinite(declared) && declared > cap) {
        fail(tooLarge(cap)); // settle first: destroy() emits "aborted" synchronously
        return res.destroy();
      }
      const enc = String(res.headers["content-encoding"] ?? "").toLowerCase();
      const decoder =
        enc === "gzip" || enc === "x-gzip" ? zlib.createGunzip()
        : enc === "deflate" ? zlib.createInflate()
        : enc === "br" ? zlib.createBrotliDecompress()
        : undefined;
      const stream: NodeJS.ReadableStream = decoder ? res.pipe(decoder) : res;
      const kill = () => {
        res.destroy();
        decoder?.destroy();
      };
      const chunks: Buffer[] = [];
      let size = 0;
      let wire = 0;
      res.on("data", (c: Buffer) => {
        wire += c.length;
        if (wire > cap) {
          fail(tooLarge(cap));
          kill();
        }
      });
      // The cap applies to the decoded bytes too, so a compression bomb stops at the cap.
      stream.on("data", (c: Buffer) => {
        size += c.length;
        if (size > cap) {
          fail(tooLarge(cap));
          kill();
        } else chunks.push(c);
      });
      stream.on("end", () => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? "", headers: res.headers, body: Buffer.concat(chunks), remoteAddress, ttfbAt });
      });
      const onErr = (e: Error) =>
        fail(signal.aborted ? abortError(true) : new OutboundError("NETWORK", `The response was interrupted: ${e.message}`, { retryable: true, requestSent: true, cause: e, causeCode: (e as NodeJS.ErrnoException).code }));
      stream.on("error", onErr);
      res.on("error", onErr);
      res.on("aborted", () => onErr(new Error("connection closed before the body ended")));
    });
    request.on("socket", (s) => {
      // A reused keep-alive socket is already connected; a new one reports when it is.
      if (!s.connecting) connected = true;
      else s.once(isHttps ? "secureConnect" : "connect", () => (connected = true));
    });
    request.on("error", (e: NodeJS.ErrnoException) => {
      if (signal.aborted) return fail(abortError(connected));
      fail(
        new OutboundError("NETWORK", `Could not reach ${target.hostname}: ${e.code ?? e.message}.`, {
          retryable: true,
          requestSent: connected,
          cause: e,
          causeCode: e.code,
        }),
      );
    });
    request.end(body);
  });
}
