/**
 * Dates to ISO 8601. Accepts ISO forms, YYYY/MM/DD, and day/month/year or month/day/year
 * written with / . or -. A slash date whose order cannot be told (03/04/2025) is refused
 * unless the field says which order it uses: guessing silently swaps days and months in a CRM.
 * Times without a zone are read in the field's time zone (default UTC).
 */
import type { Normalized } from "./normalize";

export type DateOptions = { dateOnly?: boolean; dateOrder?: "DMY" | "MDY"; timeZone?: string };

type Parts = { y: number; mo: number; d: number; h: number; mi: number; s: number; ms: number; hasTime: boolean; offsetMin: number | null };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const YMD = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;
const XYY = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?)?$/i;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function daysInMonth(y: number, mo: number): number {
  return new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

function hour12(h: number, ampm: string | undefined): number {
  if (!ampm) return h;
  const pm = ampm.toLowerCase() === "pm";
  if (h < 1 || h > 12) return 99; // invalid, caught by the range check
  return (h % 12) + (pm ? 12 : 0);
}

function num(s: string | undefined): number {
  return s === undefined ? 0 : Number(s);
}

/** Minutes east of UTC that `tz` is at instant `epochMs`. */
export function tzOffsetMinutes(epochMs: number, tz: string): number {
  const f = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(epochMs))) if (part.type !== "literal") p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year ?? 1970, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60000);
}

/** Wall-clock time in `tz` → epoch ms. Two passes so that a DST change between guess and answer is honoured. */
export function zonedToEpoch(p: Omit<Parts, "hasTime" | "offsetMin">, tz: string): number {
  const guess = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  const off1 = tzOffsetMinutes(guess, tz);
  const t = guess - off1 * 60000;
  const off2 = tzOffsetMinutes(t, tz);
  return off2 === off1 ? t : guess - off2 * 60000;
}

function parse(s: string, order: DateOptions["dateOrder"]): Parts | string {
  let m = ISO.exec(s);
  if (m) {
    let offsetMin: number | null = null;
    const z = m[8];
    if (z) {
      if (z.toUpperCase() === "Z") offsetMin = 0;
      else {
        const sign = z[0] === "-" ? -1 : 1;
        const digits = z.slice(1).replace(":", "");
        offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0"));
      }
    }
    const frac = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0;
    return { y: num(m[1]), mo: num(m[2]), d: num(m[3]), h: num(m[4]), mi: num(m[5]), s: num(m[6]), ms: frac, hasTime: m[4] !== undefined, offsetMin };
  }
  m = YMD.exec(s);
  if (m) {
    return { y: num(m[1]), mo: num(m[2]), d: num(m[3]), h: hour12(num(m[4]), m[7]), mi: num(m[5]), s: num(m[6]), ms: 0, hasTime: m[4] !== undefined, offsetMin: null };
  }
  m = XYY.exec(s);
  if (m) {
    const a = num(m[1]);
    const b = num(m[2]);
    let y = num(m[3]);
    // Two-digit years: 00–69 → 2000s, 70–99 → 1900s (the POSIX strptime rule).
    if ((m[3] ?? "").length === 2) y += y < 70 ? 2000 : 1900;
    let resolved = order;
    if (!resolved) {
      if (a > 12 && b <= 12) resolved = "DMY";
      else if (b > 12 && a <= 12) resolved = "MDY";
      else if (a !== b) {
        return `could be ${a} ${MONTHS[b - 1] ?? "?"} or ${MONTHS[a - 1] ?? "?"} ${b}; set whether this field writes the day or the month first`;
      } else resolved = "DMY";
    }
    const [d, mo] = resolved === "DMY" ? [a, b] : [b, a];
    return { y, mo, d, h: hour12(num(m[4]), m[7]), mi: num(m[5]), s: num(m[6]), ms: 0, hasTime: m[4] !== undefined, offsetMin: null };
  }
  return "is not a date we can read; write it like 2025-01-31 or 2025-01-31 14:30";
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, "0");
}

export function normalizeDate(value: string | number | Date, opts: DateOptions = {}): Normalized<string> {
  const tz = opts.timeZone ?? "UTC";
  const shown = value instanceof Date ? (Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString()) : String(value).trim();
  const q = `'${shown.length > 60 ? `${shown.slice(0, 57)}…` : shown}'`;
  let epoch: number;
  let dateFields: { y: number; mo: number; d: number } | null = null;
  if (value instanceof Date || typeof value === "number") {
    epoch = value instanceof Date ? value.getTime() : value;
    if (!Number.isFinite(epoch) || Math.abs(epoch) > 8.64e15) return { ok: false, message: `${q} is not a valid date` };
  } else {
    const p = parse(shown, opts.dateOrder);
    if (typeof p === "string") return { ok: false, message: `${q} ${p}` };
    const valid =
      p.y >= 1000 && p.y <= 9999 && p.mo >= 1 && p.mo <= 12 && p.d >= 1 && p.d <= daysInMonth(p.y, p.mo) && p.h < 24 && p.mi < 60 && p.s < 60;
    if (!valid) return { ok: false, message: `${q} is not a real date or time` };
    if (p.offsetMin !== null) epoch = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms) - p.offsetMin * 60000;
    else {
      if (!p.hasTime) dateFields = { y: p.y, mo: p.mo, d: p.d };
      epoch = zonedToEpoch(p, tz);
    }
  }
  if (opts.dateOnly) {
    if (dateFields) return { ok: true, value: `${pad(dateFields.y, 4)}-${pad(dateFields.mo)}-${pad(dateFields.d)}` };
    // An instant becomes the calendar date it falls on in the field's time zone.
    const local = new Date(epoch + tzOffsetMinutes(epoch, tz) * 60000);
    return { ok: true, value: local.toISOString().slice(0, 10) };
  }
  const iso = new Date(epoch).toISOString();
  if (!/^\d{4}-/.test(iso)) return { ok: false, message: `${q} is outside the supported years 1000–9999` };
  return { ok: true, value: iso };
}
