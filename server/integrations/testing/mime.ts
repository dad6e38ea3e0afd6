/**
 * A deliberately small MIME reader for the SMTP tests (no mail parser is installed): headers with
 * folding, RFC 2047 encoded words, multipart nesting, base64 and quoted-printable bodies.
 */

export interface MimePart {
  headers: Record<string, string>;
  contentType: string;
  params: Record<string, string>;
  /** Decoded body (for leaf parts). */
  body: Buffer;
  parts: MimePart[];
}

export function decodeWords(s: string): string {
  return s.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=\s*(?==\?)|=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, c1, e1, t1, c2, e2, t2) => {
    const enc = (e1 ?? e2) as string;
    const text = (t1 ?? t2) as string;
    const charset = ((c1 ?? c2) as string).toLowerCase() === "utf-8" ? "utf8" : "latin1";
    const buf =
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1");
    return buf.toString(charset);
  });
}

function decodeQp(s: string): Buffer {
  const bytes = s.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
  return Buffer.from(bytes, "latin1");
}

export function parseMime(raw: string): MimePart {
  const split = raw.search(/\r?\n\r?\n/);
  const head = split === -1 ? raw : raw.slice(0, split);
  const body = split === -1 ? "" : raw.slice(split).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = decodeWords(line.slice(i + 1).trim());
  }
  const [type = "text/plain", ...rest] = (headers["content-type"] ?? "text/plain").split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const m = /^\s*([^=]+)=\s*"?([^"]*)"?\s*$/.exec(p);
    if (m) params[m[1]!.toLowerCase()] = m[2]!;
  }
  const contentType = type.trim().toLowerCase();
  if (contentType.startsWith("multipart/") && params.boundary) {
    const chunks = body.split(`--${params.boundary}`);
    const parts = chunks.slice(1, -1).map((c) => parseMime(c.replace(/^\r?\n/, "").replace(/\r?\n$/, "")));
    return { headers, contentType, params, body: Buffer.alloc(0), parts };
  }
  const cte = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const decoded = cte === "base64" ? Buffer.from(body.replace(/\s+/g, ""), "base64") : cte === "quoted-printable" ? decodeQp(body) : Buffer.from(body, "utf8");
  return { headers, contentType, params, body: decoded, parts: [] };
}

export function leaves(p: MimePart): MimePart[] {
  return p.parts.length ? p.parts.flatMap(leaves) : [p];
}
