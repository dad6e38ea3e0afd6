/**
 * Webhook body parsing from raw bytes + Content-Type, with answers a sender can act on:
 * 413 too large, 400 malformed (with the parser's reason) or too deeply nested, 415 a type this
 * trigger does not take. The result is data only: nothing here (or downstream) reads a file
 * path, a `files` object or an expression out of a body (CVE-2026-21858 "Ni8mare").
 */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
export const DEFAULT_MAX_JSON_DEPTH = 64;

export type BodyKind = "json" | "form" | "text";
export type ParsedBody =
  | { kind: "json"; data: unknown }
  | { kind: "form"; data: Record<string, string | string[]> }
  | { kind: "text"; data: string }
  | { kind: "empty"; data: null };
export type BodyResult = { ok: true; body: ParsedBody } | { ok: false; status: 400 | 413 | 415; message: string };
export type BodyOptions = { maxBytes?: number; maxDepth?: number; accept?: BodyKind[] };

function size(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / 1024 / 1024} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n.toLocaleString("en-US")} bytes`;
}

export function tooLarge(bytes: number, maxBytes: number): BodyResult {
  return { ok: false, status: 413, message: `The body is ${bytes.toLocaleString("en-US")} bytes; this webhook accepts at most ${size(maxBytes)}.` };
}

/**
 * Nesting depth of a JSON text, found by one iterative pass over the bytes (strings skipped),
 * so that 10,000 levels cost a counter, not 10,000 stack frames. Works on UTF-8 bytes because
 * no byte of a multi-byte character is an ASCII bracket or quote. Stops as soon as `limit` is
 * exceeded.
 */
export function jsonDepthExceeds(bytes: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped byte
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

type MediaType = { type: string; charset: string | undefined };
function mediaType(contentType: string | null | undefined): MediaType {
  const [type = "", ...params] = (contentType ?? "").split(";");
  const charset = params.map((p) => p.trim().split("=")).find(([k]) => k?.toLowerCase() === "charset")?.[1];
  return { type: type.trim().toLowerCase(), charset: charset?.replace(/"/g, "").trim().toLowerCase() };
}

function kindOf(type: string): BodyKind | "multipart" | null {
  if (type === "application/json" || /^application\/[\w.+-]+\+json$/.test(type)) return "json";
  if (type === "application/x-www-form-urlencoded") return "form";
  if (type.startsWith("text/")) return "text";
  if (type.startsWith("multipart/")) return "multipart";
  return null;
}

function decode(bytes: Uint8Array, charset: string | undefined): string | { error: string } {
  const label = charset ?? "utf-8";
  let dec: TextDecoder;
  try {
    dec = new TextDecoder(label, { fatal: true });
  } catch {
    return { error: `The character set '${label}' is not supported; send UTF-8.` };
  }
  try {
    return dec.decode(bytes);
  } catch {
    return { error: `The body is not valid ${label} text.` };
  }
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  for (const b of bytes) if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf) return b;
  return undefined;
}

function parseJson(bytes: Uint8Array, charset: string | undefined, maxDepth: number): BodyResult {
  if (jsonDepthExceeds(bytes, maxDepth)) return { ok: false, status: 400, message: `The JSON is nested more than ${maxDepth} levels deep.` };
  const text = decode(bytes, charset);
  if (typeof text !== "string") return { ok: false, status: 400, message: text.error };
  const trimmed = text.replace(/^\uFEFF/, "");
  if (trimmed.trim() === "") return { ok: true, body: { kind: "empty", data: null } };
  try {
    return { ok: true, body: { kind: "json", data: JSON.parse(trimmed) } };
  } catch (e) {
    return { ok: false, status: 400, message: `Malformed JSON: ${(e as Error).message}` };
  }
}

function parseForm(text: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    const prev = Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined;
    const value = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    // defineProperty, so a key named "__proto__" stays an ordinary own property.
    Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Postgres cannot store U+0000 in JSON text: refuse it here, with a reason, rather than fail the commit. */
const NUL_MESSAGE = "The body contains a NUL character (\\u0000), which cannot be stored. Remove it and send again.";

function hasNul(v: unknown): boolean {
  if (typeof v === "string") return v.includes("\0");
  if (Array.isArray(v)) return v.some(hasNul);
  if (v && typeof v === "object") return Object.entries(v).some(([k, x]) => k.includes("\0") || hasNul(x));
  return false;
}

export function parseWebhookBody(raw: Uint8Array, contentType: string | null | undefined, opts: BodyOptions = {}): BodyResult {
  const r = parseWebhookBodyUnchecked(raw, contentType, opts);
  // Cheap pre-check on the bytes: a NUL can only come from a raw 0 byte or a \u0000 escape.
  if (r.ok && (raw.includes(0) || Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).includes("\\u0000")) && hasNul(r.body.data)) {
    return { ok: false, status: 400, message: NUL_MESSAGE };
  }
  return r;
}

function parseWebhookBodyUnchecked(raw: Uint8Array, contentType: string | null | undefined, opts: BodyOptions): BodyResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  const accept = opts.accept ?? ["json", "form", "text"];
  if (raw.byteLength > maxBytes) return tooLarge(raw.byteLength, maxBytes);
  const mt = mediaType(contentType);
  if (raw.byteLength === 0) return { ok: true, body: { kind: "empty", data: null } };
  let kind = mt.type === "" ? "text" : kindOf(mt.type);
  // `curl -d '{"a":1}'` sends JSON labelled as a form; reading it as a form would give one
  // key named '{"a":1}'. Only a body that starts like JSON is treated this way.
  if (kind === "form" && accept.includes("json")) {
    const first = firstNonSpace(raw);
    if (first === 0x7b || first === 0x5b) kind = "json";
  }
  const accepted = accept.map((k) => ({ json: "application/json", form: "application/x-www-form-urlencoded", text: "text/plain" })[k]).join(", ");
  if (kind === "multipart") {
    return { ok: false, status: 415, message: `File uploads (multipart) are not accepted by this webhook; send ${accepted}.` };
  }
  if (kind === null || !accept.includes(kind)) {
    return { ok: false, status: 415, message: `Content-Type '${mt.type || "(none)"}' is not accepted by this webhook; send ${accepted}.` };
  }
  if (kind === "json") return parseJson(raw, mt.charset, opts.maxDepth ?? DEFAULT_MAX_JSON_DEPTH);
  const text = decode(raw, mt.charset);
  if (typeof text !== "string") return { ok: false, status: 400, message: text.error };
  return kind === "form" ? { ok: true, body: { kind: "form", data: parseForm(text) } } : { ok: true, body: { kind: "text", data: text } };
}

/** Answer 413 from the Content-Length header alone, before reading a byte. */
export function checkDeclaredLength(contentLength: string | null | undefined, maxBytes = DEFAULT_MAX_BODY_BYTES): BodyResult | null {
  if (!contentLength || !/^\d+$/.test(contentLength.trim())) return null;
  const n = Number(contentLength);
  return n > maxBytes ? tooLarge(n, maxBytes) : null;
}

/**
 * Read a request body stream, stopping (and cancelling the stream) as soon as it passes the
 * cap: a sender that lies about Content-Length or uses chunked encoding cannot make us buffer
 * 50 MB.
 */
export async function readBodyCapped(stream: ReadableStream<Uint8Array> | null, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; status: 413; message: string }> {
  if (!stream) return { ok: true, bytes: new Uint8Array(0) };
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { ok: false, status: 413, message: `The body is larger than ${size(maxBytes)}, the most this webhook accepts.` };
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let off = 0;
  for (const c of chunks) {
    out.set(c, off);
    off += c.byteLength;
  }
  return { ok: true, bytes: out };
}
