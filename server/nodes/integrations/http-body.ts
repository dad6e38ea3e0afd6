// Request building for the HTTP node: URL with query, headers, and the body as exact bytes (an
// HMAC credential signs those bytes, so they are fixed before auth is applied). Pagination
// helpers: the next page from a body field, the Link header, or a cursor.
import type { HttpRequestConfig } from "@/server/nodes/catalog/http-request";
import { IntegrationStepError, getPath } from "./shared";

type Pair = { name: string; value: unknown };

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function buildUrl(config: Pick<HttpRequestConfig, "url" | "query">, extraQuery: Record<string, string> = {}): URL {
  let url: URL;
  try {
    url = new URL(text(config.url).trim());
  } catch {
    throw new IntegrationStepError(`The URL "${text(config.url).slice(0, 200)}" is not a full URL (it needs http:// or https://).`, "INVALID_URL");
  }
  for (const p of config.query as Pair[]) if (p.name.trim()) url.searchParams.append(p.name.trim(), text(p.value));
  for (const [k, v] of Object.entries(extraQuery)) url.searchParams.set(k, v);
  return url;
}

export function buildHeaders(config: Pick<HttpRequestConfig, "headers">): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of config.headers as Pair[]) {
    const name = p.name.trim();
    if (!name) continue;
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new IntegrationStepError(`"${name}" is not a valid header name.`, "INVALID_CONFIG");
    out[name] = text(p.value).replace(/[\r\n]+/g, " ");
  }
  return out;
}

const hasHeader = (h: Record<string, string>, name: string) => Object.keys(h).some((k) => k.toLowerCase() === name);

/** The body bytes, and the Content-Type to send unless the user set one. */
export function buildBody(config: Pick<HttpRequestConfig, "bodyType" | "body" | "formFields" | "contentType" | "method">, headers: Record<string, string>): Buffer | undefined {
  if (config.bodyType === "none" || config.method === "GET" || config.method === "HEAD") return undefined;
  let bytes: Buffer;
  let type: string;
  if (config.bodyType === "json") {
    const raw: unknown = config.body;
    let value: unknown = raw;
    if (typeof raw === "string") {
      if (!raw.trim()) return undefined;
      try {
        value = JSON.parse(raw);
      } catch (e) {
        throw new IntegrationStepError(`The body is not valid JSON: ${(e as Error).message}`, "INVALID_BODY");
      }
    }
    bytes = Buffer.from(JSON.stringify(value));
    type = "application/json";
  } else if (config.bodyType === "form") {
    const form = new URLSearchParams();
    for (const p of config.formFields as Pair[]) if (p.name.trim()) form.append(p.name.trim(), text(p.value));
    bytes = Buffer.from(form.toString());
    type = "application/x-www-form-urlencoded";
  } else {
    bytes = Buffer.from(text(config.body));
    type = config.contentType || "text/plain";
  }
  if (!hasHeader(headers, "content-type")) headers["Content-Type"] = type;
  return bytes;
}

/** RFC 8288 Link header → the rel="next" target, if any. */
export function nextFromLinkHeader(link: string | string[] | undefined): string | undefined {
  const value = Array.isArray(link) ? link.join(",") : link;
  if (!value) return undefined;
  for (const part of value.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (m && /;\s*rel\s*=\s*"?([^";]*\s)?next(\s[^";]*)?"?/i.test(m[2]!)) return m[1];
  }
  return undefined;
}

/** The URL of the next page, or undefined when there is none. Only the same origin is followed. */
export function nextPageUrl(
  config: Pick<HttpRequestConfig, "pagination" | "nextLinkPath" | "cursorPath" | "cursorParam">,
  current: URL,
  res: { body: unknown; headers: Record<string, string | string[]> },
): { url?: URL; stopReason?: string } {
  if (config.pagination === "next-link") {
    const raw = config.nextLinkPath.trim() ? getPath(res.body, config.nextLinkPath) : nextFromLinkHeader(res.headers.link);
    if (typeof raw !== "string" || !raw) return {};
    const next = new URL(raw, current);
    // The credential goes with every page: never to another origin.
    if (next.origin !== current.origin) return { stopReason: `the next page is on another site (${next.origin}); it was not followed` };
    return { url: next };
  }
  if (config.pagination === "cursor") {
    const cursor = getPath(res.body, config.cursorPath);
    if (cursor === undefined || cursor === null || cursor === "" || cursor === false) return {};
    const next = new URL(current.href);
    next.searchParams.set(config.cursorParam || "cursor", String(cursor));
    return { url: next };
  }
  return {};
}
