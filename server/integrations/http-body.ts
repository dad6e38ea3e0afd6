/** Request body encoding and response body decoding for the outbound client. */
import type http from "node:http";
import { OutboundError } from "./errors";

export type ResponseType = "auto" | "json" | "text" | "buffer";

export interface RawResponse {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  remoteAddress: string;
  ttfbAt: number;
}

/** string/bytes are sent as-is; URLSearchParams as a form; anything else as JSON. */
export function encodeBody(body: unknown, headers: Record<string, string | string[]>): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  const setType = (t: string) => {
    if (!Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) headers["content-type"] = t;
  };
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof URLSearchParams) {
    setType("application/x-www-form-urlencoded");
    return Buffer.from(body.toString());
  }
  setType("application/json");
  return Buffer.from(JSON.stringify(body));
}

export function decodeBody(raw: RawResponse, type: ResponseType): unknown {
  if (type === "buffer") return raw.body;
  const text = raw.body.toString("utf8");
  const ct = String(raw.headers["content-type"] ?? "");
  const looksJson = /[/+]json\b/i.test(ct);
  if (type === "json" || (type === "auto" && looksJson)) {
    if (text.trim() === "") return null;
    try {
      return JSON.parse(text);
    } catch {
      if (type === "auto") return text; // a mislabelled body is still useful as text
      throw new OutboundError("INVALID_RESPONSE", `The response is not valid JSON (status ${raw.status}).`, {
        retryable: false,
        requestSent: true,
      });
    }
  }
  return text;
}

export function tooLarge(cap: number): OutboundError {
  return new OutboundError("RESPONSE_TOO_LARGE", `The response is larger than the ${formatBytes(cap)} limit; it was not read.`, {
    retryable: false,
    requestSent: true,
    details: { limitBytes: cap },
  });
}

export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}
