/**
 * Value-based redaction: every occurrence of a secret in anything we are about to store (step
 * input/output, headers, error text) becomes "[redacted]". Matching by value, not by field name,
 * catches secrets that the user moved into a URL, a body or an error message. Encoded forms are
 * matched too, because a secret in a query string or a Basic header is not byte-identical.
 */

export const REDACTED = "[redacted]";

/**
 * Shorter values are skipped: replacing every "1" or "ab" in a run log would destroy it, and
 * such values are not secrets worth the name. Credential forms should require longer ones.
 */
export const MIN_SECRET_LENGTH = 4;

/** The forms a secret may take on the wire. */
export function secretVariants(secret: string): string[] {
  const b64 = Buffer.from(secret, "utf8").toString("base64");
  const forms = new Set<string>([
    secret,
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, "+"), // application/x-www-form-urlencoded
    new URLSearchParams({ x: secret }).toString().slice(2),
    b64,
    b64.replace(/=+$/, ""),
    Buffer.from(secret, "utf8").toString("base64url"),
    JSON.stringify(secret).slice(1, -1), // as it appears inside serialized JSON
  ]);
  return [...forms].filter((f) => f.length >= MIN_SECRET_LENGTH);
}

export interface Redactor {
  string(s: string): string;
  value<T>(v: T): T;
  headers(h: Record<string, string | string[] | undefined>): Record<string, string | string[] | undefined>;
  error(e: unknown): { name: string; message: string; code?: string };
}

/** Build a redactor once per step (the variants are computed once). */
export function createRedactor(secrets: readonly (string | undefined | null)[]): Redactor {
  const needles = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET_LENGTH).flatMap(secretVariants))]
    // Longest first, so a secret's encoded form is not half-replaced by a shorter variant.
    .sort((a, b) => b.length - a.length);

  const str = (s: string): string => {
    let out = s;
    for (const n of needles) if (out.includes(n)) out = out.split(n).join(REDACTED);
    return out;
  };

  const walk = (v: unknown, seen: WeakSet<object>): unknown => {
    if (typeof v === "string") return str(v);
    if (v === null || typeof v !== "object") return v;
    if (seen.has(v)) return "[circular]";
    seen.add(v);
    if (Buffer.isBuffer(v)) return str(v.toString("utf8"));
    if (Array.isArray(v)) return v.map((x) => walk(x, seen));
    if (v instanceof Error) return { name: v.name, message: str(v.message) };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[str(k)] = walk(x, seen);
    return out;
  };

  return {
    string: str,
    value: <T>(v: T) => (needles.length ? (walk(v, new WeakSet()) as T) : v),
    headers: (h) => {
      const out: Record<string, string | string[] | undefined> = {};
      for (const [k, v] of Object.entries(h)) out[k] = Array.isArray(v) ? v.map(str) : v === undefined ? v : str(v);
      return out;
    },
    error: (e) => {
      const err = e instanceof Error ? e : new Error(String(e));
      const code = (err as { code?: unknown }).code;
      return { name: err.name, message: str(err.message), ...(typeof code === "string" ? { code } : {}) };
    },
  };
}

/** One-shot form. */
export function redact<T>(value: T, secrets: readonly (string | undefined | null)[]): T {
  return createRedactor(secrets).value(value);
}

/** For Basic auth the wire form is base64("user:pass"), so the pair is a secret of its own. */
export function basicAuthSecrets(user: string, pass: string): string[] {
  return [pass, `${user}:${pass}`];
}
