/**
 * One field: coerce a raw value to the field's type, normalize it, and check its rules.
 * Hand-written rather than a zod schema per record: CSV import runs this 10,000+ times and
 * needs messages in plain words, not zod issue codes.
 */
import type { FieldDef, FieldDefOf } from "./field-types";
import {
  applyCase,
  collapseSpaces,
  normalizeDate,
  normalizeEmail,
  normalizePhone,
  normalizeUrl,
  quote,
  trimText,
  type Normalized,
} from "./normalize";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type FieldValue = JsonValue;

/** Hard caps independent of user rules, so one cell cannot hold a novel. */
const MAX_TEXT = 10_000;
const MAX_LONG_TEXT = 1_000_000;
const MAX_JSON_CHARS = 1_000_000;

/** Nothing was given: undefined, null, blank text or an empty list. */
export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === "string" && trimText(v) === "") || (Array.isArray(v) && v.length === 0);
}

const fail = (message: string): Normalized<never> => ({ ok: false, message });
const okv = <T>(value: T): Normalized<T> => ({ ok: true, value });

function describe(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (v instanceof Date) return "a date";
  return typeof v === "object" ? "an object" : typeof v;
}

const regexCache = new Map<string, RegExp>();
function fullMatch(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    // Anchored like the HTML `pattern` attribute: the whole value must match.
    re = new RegExp(`^(?:${pattern})$`, "u");
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

function coerceText(f: FieldDefOf<"text"> | FieldDefOf<"long_text">, raw: unknown): Normalized<string> {
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return fail(`expected text, got ${describe(raw)}`);
  let s = String(raw).normalize("NFC");
  const n = f.normalize;
  if (n.collapseSpaces) s = collapseSpaces(s);
  else if (n.trim) s = trimText(s);
  s = applyCase(s, n.case);
  const cap = f.type === "text" ? MAX_TEXT : MAX_LONG_TEXT;
  const v = f.validation;
  const len = [...s].length;
  if (len > Math.min(cap, v.maxLength ?? cap)) return fail(`is too long (${len} characters; at most ${Math.min(cap, v.maxLength ?? cap)})`);
  if (v.minLength !== undefined && len < v.minLength) return fail(`is too short (${len} characters; at least ${v.minLength})`);
  if (v.pattern !== undefined && !fullMatch(v.pattern).test(s)) return fail(v.patternMessage ?? `${quote(s)} does not have the expected format`);
  if (v.allowedValues && !v.allowedValues.includes(s)) return fail(`${quote(s)} is not one of: ${v.allowedValues.join(", ")}`);
  return okv(s);
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const THOUSANDS = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

export function parseNumber(raw: unknown): Normalized<number> {
  if (typeof raw === "number") return Number.isFinite(raw) ? okv(raw) : fail(`${quote(String(raw))} is not a number`);
  if (typeof raw !== "string") return fail(`expected a number, got ${describe(raw)}`);
  const s = trimText(raw).replace(/[\s\u00A0_]/g, "");
  if (PLAIN_NUMBER.test(s)) return okv(Number(s));
  if (THOUSANDS.test(s)) return okv(Number(s.replace(/,/g, "")));
  return fail(`${quote(raw.trim())} is not a number`);
}

function coerceNumber(f: FieldDefOf<"number">, raw: unknown): Normalized<number> {
  const r = parseNumber(raw);
  if (!r.ok) return r;
  const n = r.value === 0 ? 0 : r.value; // no -0 in stored data or keys
  const v = f.validation;
  if (v.integer && !Number.isInteger(n)) return fail(`must be a whole number, not ${n}`);
  if (v.min !== undefined && n < v.min) return fail(`must be at least ${v.min}, not ${n}`);
  if (v.max !== undefined && n > v.max) return fail(`must be at most ${v.max}, not ${n}`);
  return okv(n);
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1", "on", "x", "✓"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0", "off"]);

function coerceBoolean(raw: unknown): Normalized<boolean> {
  if (typeof raw === "boolean") return okv(raw);
  if (typeof raw === "number" && (raw === 0 || raw === 1)) return okv(raw === 1);
  if (typeof raw === "string") {
    const s = trimText(raw).toLowerCase();
    if (TRUE_WORDS.has(s)) return okv(true);
    if (FALSE_WORDS.has(s)) return okv(false);
  }
  return fail(`${quote(raw)} is not yes or no`);
}

function coerceDate(f: FieldDefOf<"datetime">, raw: unknown): Normalized<string> {
  if (typeof raw !== "string" && typeof raw !== "number" && !(raw instanceof Date)) return fail(`expected a date, got ${describe(raw)}`);
  const r = normalizeDate(raw, { dateOnly: f.dateOnly, dateOrder: f.dateOrder, timeZone: f.timeZone });
  if (!r.ok) return r;
  const { min, max } = f.validation;
  // ISO 8601 strings of the same shape sort like the instants they name.
  const bound = (b: string) => normalizeDate(b, { dateOnly: f.dateOnly, timeZone: f.timeZone });
  if (min) {
    const b = bound(min);
    if (b.ok && r.value < b.value) return fail(`must be on or after ${b.value}, not ${r.value}`);
  }
  if (max) {
    const b = bound(max);
    if (b.ok && r.value > b.value) return fail(`must be on or before ${b.value}, not ${r.value}`);
  }
  return r;
}

function matchOption(options: string[], raw: string): string | undefined {
  const want = collapseSpaces(raw).toLowerCase();
  return options.find((o) => o.toLowerCase() === want);
}

function coerceSingle(f: FieldDefOf<"single_select">, raw: unknown): Normalized<string> {
  if (typeof raw !== "string" && typeof raw !== "number" && typeof raw !== "boolean") return fail(`expected one choice, got ${describe(raw)}`);
  const hit = matchOption(f.options, String(raw));
  return hit !== undefined ? okv(hit) : fail(`${quote(String(raw).trim())} is not one of the choices: ${f.options.join(", ")}`);
}

function coerceMulti(f: FieldDefOf<"multi_select">, raw: unknown): Normalized<string[]> {
  const parts: unknown[] = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/[,;\n]/) : [raw];
  const out: string[] = [];
  const bad: string[] = [];
  for (const p of parts) {
    if (typeof p !== "string" && typeof p !== "number") return fail(`expected a list of choices, got ${describe(p)} inside it`);
    if (isEmpty(p)) continue;
    const hit = matchOption(f.options, String(p));
    if (hit === undefined) bad.push(String(p).trim());
    else if (!out.includes(hit)) out.push(hit);
  }
  if (bad.length) return fail(`${bad.map((b) => quote(b)).join(", ")} ${bad.length > 1 ? "are" : "is"} not among the choices: ${f.options.join(", ")}`);
  const { minItems, maxItems } = f.validation;
  if (minItems !== undefined && out.length < minItems) return fail(`pick at least ${minItems}`);
  if (maxItems !== undefined && out.length > maxItems) return fail(`pick at most ${maxItems}`);
  return okv(out);
}

function coerceJson(raw: unknown): Normalized<JsonValue> {
  let v = raw;
  // Text that looks like an object or list (typical in CSV) is read as JSON.
  if (typeof raw === "string" && /^\s*[[{]/.test(raw)) {
    if (raw.length > MAX_JSON_CHARS) return fail(`is too large (over ${MAX_JSON_CHARS} characters)`);
    try {
      v = JSON.parse(raw);
    } catch (e) {
      return fail(`is not valid JSON (${(e as Error).message})`);
    }
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(v);
  } catch {
    return fail("cannot be stored as JSON (it refers to itself)");
  }
  if (text === undefined) return fail(`cannot be stored as JSON (${describe(v)})`);
  if (text.length > MAX_JSON_CHARS) return fail(`is too large (over ${MAX_JSON_CHARS} characters)`);
  return okv(JSON.parse(text) as JsonValue);
}

function stringish(raw: unknown, what: string): Normalized<string> {
  if (typeof raw === "string") return okv(raw);
  if (typeof raw === "number" && what === "phone number") return okv(String(raw));
  return fail(`expected a ${what}, got ${describe(raw)}`);
}

/** Coerce, normalize and validate one non-empty value. The message has no label. */
export function coerceField(f: FieldDef, raw: unknown): Normalized<FieldValue> {
  switch (f.type) {
    case "text":
    case "long_text":
      return coerceText(f, raw);
    case "number":
      return coerceNumber(f, raw);
    case "boolean":
      return coerceBoolean(raw);
    case "datetime":
      return coerceDate(f, raw);
    case "email": {
      const s = stringish(raw, "e-mail address");
      return s.ok ? normalizeEmail(s.value) : s;
    }
    case "phone": {
      const s = stringish(raw, "phone number");
      return s.ok ? normalizePhone(s.value, f.defaultCountry) : s;
    }
    case "url": {
      const s = stringish(raw, "web address");
      return s.ok ? normalizeUrl(s.value) : s;
    }
    case "single_select":
      return coerceSingle(f, raw);
    case "multi_select":
      return coerceMulti(f, raw);
    case "json":
      return coerceJson(raw);
  }
}
