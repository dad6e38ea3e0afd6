// Error fingerprints: the same failure with different ids, numbers, addresses or quoted values
// must land in one group. Fingerprint = node type + normalized message.
import { createHash } from "node:crypto";

const RULES: Array<[RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<uuid>"],
  [/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, "<email>"],
  [/https?:\/\/[^\s"'<>]+/gi, "<url>"],
  [/"[^"]*"|'[^']*'|`[^`]*`|“[^”]*”/g, "<value>"],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?\b/g, "<ip>"],
  // Long hex or base64-ish tokens (request ids, hashes) and anything with digits mixed in.
  [/\b(?=[\w-]*\d)[\w-]{12,}\b/g, "<id>"],
  [/\b0x[0-9a-f]+\b/gi, "<n>"],
  [/-?\d+(?:[.,]\d+)*/g, "<n>"],
];

/** The message with variable parts replaced by placeholders, whitespace collapsed, at most 300 characters. */
export function normalizeMessage(message: string): string {
  let s = message;
  for (const [re, to] of RULES) s = s.replace(re, to);
  return s.replace(/\s+/g, " ").trim().slice(0, 300);
}

export function errorFingerprint(nodeType: string, message: string): string {
  return createHash("sha256").update(`${nodeType}\n${normalizeMessage(message)}`).digest("hex").slice(0, 16);
}
