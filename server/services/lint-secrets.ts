// Finds secrets typed into plain config fields, where they would be stored unencrypted, shown to
// every editor and copied into exports. Client-safe (pure): the editor runs it as you type.

/** Well-known token shapes; a match is almost certainly a live credential. */
const TOKEN_PATTERNS: ReadonlyArray<{ name: string; re: RegExp }> = [
  { name: "a Stripe key", re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/ },
  { name: "a GitHub token", re: /\bgh[pousr]_[A-Za-z0-9]{30,}/ },
  { name: "a Slack token", re: /\bxox[abpr]-[A-Za-z0-9-]{10,}/ },
  { name: "an AWS access key", re: /\bAKIA[0-9A-Z]{16}\b/ },
  { name: "a Google API key", re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: "an OpenAI key", re: /\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}/ },
  { name: "a JSON Web Token", re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { name: "a private key", re: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { name: "a bearer token", re: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/i },
  { name: "a password inside a URL", re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:[^\s/@]+@/i },
];

/** Names of keys whose literal value is a secret (header names, field names, key-value keys). */
const SECRET_KEY = /^(?:x-)?(?:password|passwd|pwd|secret|client[-_]?secret|token|access[-_]?token|api[-_]?key|apikey|auth[-_]?token|authorization|private[-_]?key)$/i;

export interface SecretFinding {
  /** Config path, e.g. "headers[0].value". */
  path: string;
  what: string;
}

/** True when the text only references data ({{ … }}) and contains no literal characters of note. */
function isOnlyReference(text: string): boolean {
  return text.replace(/\{\{[\s\S]*?\}\}/g, "").trim() === "";
}

function joinPath(base: string, key: string | number): string {
  if (typeof key === "number") return `${base}[${key}]`;
  return base ? `${base}.${key}` : key;
}

export function findSecrets(config: unknown): SecretFinding[] {
  const out: SecretFinding[] = [];
  const visit = (value: unknown, path: string, keyName: string | undefined, depth: number) => {
    if (depth > 8) return;
    if (typeof value === "string") {
      const hit = TOKEN_PATTERNS.find((p) => p.re.test(value));
      if (hit) out.push({ path, what: hit.name });
      else if (keyName && SECRET_KEY.test(keyName) && value.trim().length >= 4 && !isOnlyReference(value)) {
        out.push({ path, what: `a literal value for "${keyName}"` });
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => visit(v, joinPath(path, i), keyName, depth + 1));
      return;
    }
    if (value && typeof value === "object") {
      const obj = value as Record<string, unknown>;
      // Key-value rows ({ key|name, value }) name their value by the row's key.
      const rowKey = typeof obj.key === "string" ? obj.key : typeof obj.name === "string" ? obj.name : undefined;
      for (const [k, v] of Object.entries(obj)) {
        const name = k === "value" && rowKey !== undefined ? rowKey : k;
        visit(v, joinPath(path, k), name, depth + 1);
      }
    }
  };
  visit(config, "", undefined, 0);
  return out;
}
