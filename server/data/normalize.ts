/**
 * Normalizers: turn what people type into one canonical form, so that equal things compare
 * equal (the unique key depends on it). Each returns a result instead of throwing; the message
 * has no field label, the caller adds it ("Phone: '12' is not …").
 */
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { normalizeDate, type DateOptions } from "./normalize-date";

export { normalizeDate, type DateOptions };

export type Normalized<T> = { ok: true; value: T } | { ok: false; message: string };

/** Quote a user value for a message, cut so one bad cell cannot flood the report. */
export function quote(value: unknown): string {
  const s = typeof value === "string" ? value : JSON.stringify(value) ?? String(value);
  return `'${s.length > 60 ? `${s.slice(0, 57)}…` : s}'`;
}

/** NBSP, tabs, newlines and friends count as spaces; zero-width characters are dropped. */
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

export function trimText(s: string): string {
  return s.replace(ZERO_WIDTH, "").trim();
}

export function collapseSpaces(s: string): string {
  return s.replace(ZERO_WIDTH, "").replace(/\s+/gu, " ").trim();
}

/**
 * Title case for names and company names: "o'brien-smith" → "O'Brien-Smith".
 * After an apostrophe we capitalise only when a single letter precedes it (O'Brien, D'Angelo),
 * so contractions stay right ("Don't", not "Don'T").
 */
export function toTitleCase(s: string): string {
  const lower = s.toLocaleLowerCase();
  let out = "";
  let wordStart = true;
  let lettersInWord = 0;
  for (const ch of lower) {
    const isLetter = /\p{L}/u.test(ch);
    out += isLetter && wordStart ? ch.toLocaleUpperCase() : ch;
    if (isLetter || /\p{N}/u.test(ch)) {
      wordStart = false;
      lettersInWord++;
    } else if (ch === "'" || ch === "\u2019") {
      // "o'brien" → "O'Brien", but "don't" stays "Don't".
      wordStart = lettersInWord === 1;
      lettersInWord = 0;
    } else {
      wordStart = true;
      lettersInWord = 0;
    }
  }
  return out;
}

export function applyCase(s: string, c: "none" | "lower" | "upper" | "title"): string {
  switch (c) {
    case "lower":
      return s.toLocaleLowerCase();
    case "upper":
      return s.toLocaleUpperCase();
    case "title":
      return toTitleCase(s);
    default:
      return s;
  }
}

const EMAIL_LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * E-mail canonicalization: trim, drop "mailto:", take the address out of "Ann <ann@x.com>",
 * lower-case everything and convert an international domain to its ASCII (punycode) form.
 * Lower-casing the local part is technically not guaranteed by RFC 5321, but no mainstream
 * provider distinguishes case, and treating "Ann@X.com" and "ann@x.com" as two leads is the
 * bug users actually hit.
 */
export function normalizeEmail(value: string): Normalized<string> {
  let s = collapseSpaces(value.normalize("NFC"));
  const angle = /<([^<>]+)>\s*$/.exec(s);
  if (angle?.[1]) s = angle[1].trim();
  s = s.replace(/^mailto:/i, "").toLowerCase();
  const bad: Normalized<string> = { ok: false, message: `${quote(value.trim())} is not a valid e-mail address` };
  const at = s.lastIndexOf("@");
  if (at <= 0 || at === s.length - 1 || s.includes(" ")) return bad;
  const local = s.slice(0, at);
  let domain = s.slice(at + 1).replace(/\.$/, "");
  if (local.length > 64 || !EMAIL_LOCAL.test(local)) return bad;
  if (/[^\x00-\x7f]/.test(domain)) {
    try {
      domain = new URL(`http://${domain}`).hostname;
    } catch {
      return bad;
    }
  }
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l)) || !/^(?:[a-z]{2,63}|xn--[a-z0-9-]+)$/.test(labels.at(-1) ?? "")) return bad;
  const out = `${local}@${domain}`;
  if (out.length > 254) return bad;
  return { ok: true, value: out };
}

/**
 * Phone to E.164 with libphonenumber-js (full metadata, so validity means "this number can
 * exist", not just "has a plausible length"). An extension is kept RFC 3966 style
 * (`+14155552671;ext=12`) rather than silently dropped.
 */
export function normalizePhone(value: string | number, defaultCountry: CountryCode): Normalized<string> {
  const raw = String(value).trim();
  // "0044 20…" and "+44 (0) 20…" are common in Europe; libphonenumber handles them itself.
  const parsed = raw ? parsePhoneNumberFromString(raw, defaultCountry) : undefined;
  if (!parsed || !parsed.isValid()) {
    return { ok: false, message: `${quote(raw)} is not a valid phone number for ${defaultCountry}` };
  }
  return { ok: true, value: parsed.ext ? `${parsed.number};ext=${parsed.ext}` : parsed.number };
}

/**
 * URL normalization: add https:// when no scheme is given, allow only http(s), lower-case the
 * host (IDN → punycode), drop the default port and the lone root slash. Path, query and fragment
 * are kept verbatim: they can be case-sensitive.
 */
export function normalizeUrl(value: string): Normalized<string> {
  const s = trimText(value);
  const bad: Normalized<string> = { ok: false, message: `${quote(s)} is not a valid web address` };
  if (!s || /\s/.test(s)) return bad;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[^:/]+:\d+(?:[/?#]|$)/.test(s) ? s : `https://${s.replace(/^\/\//, "")}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    return bad;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    return { ok: false, message: `${quote(s)} is not a web address (only http and https are allowed)` };
  }
  const host = u.hostname;
  const isIp = /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.startsWith("[");
  if (!isIp && host !== "localhost" && (!host.includes(".") || host.endsWith(".") || /\.\d+$/.test(host))) return bad;
  if (u.username || u.password) return { ok: false, message: `${quote(s)} contains a user name or password; remove them` };
  let out = u.toString();
  if (u.pathname === "/" && !u.search && !u.hash) out = out.replace(/\/$/, "");
  return { ok: true, value: out };
}
