/**
 * Schedule trigger core: cron (croner) or a simple phrase, in a time zone; the ticks due at a
 * given moment with an explicit missed-tick policy; and the tick key that the scheduler inserts
 * under a unique index so that any number of workers produce exactly one execution per tick.
 * No timers here: callers pass `now`.
 */
import { Cron } from "croner";

export type MissedTickPolicy = "skip" | "run_last";
export type ScheduleSpec = { cron: string; timeZone: string };
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

/** Minute precision (5-part) on purpose: second-level schedules are not an SME need. */
function cronOf(spec: ScheduleSpec): Cron {
  return new Cron(spec.cron, { timezone: spec.timeZone, paused: true, mode: "5-part" });
}

export function validateSchedule(spec: ScheduleSpec): Parsed<ScheduleSpec> {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: spec.timeZone });
  } catch {
    return { ok: false, message: `'${spec.timeZone}' is not a known time zone` };
  }
  try {
    const c = cronOf(spec);
    if (!c.nextRun(new Date(Date.UTC(2000, 0, 1)))) return { ok: false, message: `'${spec.cron}' never runs` };
  } catch (e) {
    return { ok: false, message: `'${spec.cron}' is not a valid schedule: ${(e as Error).message.replace(/^CronPattern: /, "")}` };
  }
  return { ok: true, value: spec };
}

const DAYS: Record<string, number> = { sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6 };
const DAY_RE = "(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?)(?:day)?s?";

function dayNumber(word: string): number | undefined {
  const w = word.toLowerCase().replace(/s$/, "");
  return Object.entries(DAYS).find(([name]) => name.startsWith(w.slice(0, 3)))?.[1];
}

/** "9", "9am", "09:00", "9:30 pm", "noon", "midnight" → [hour, minute]. */
export function parseTime(s: string): [number, number] | null {
  const t = s.trim().toLowerCase();
  if (t === "noon") return [12, 0];
  if (t === "midnight") return [0, 0];
  const m = /^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$/.exec(t);
  if (!m) return null;
  let h = Number(m[1]);
  const min = Number(m[2] ?? "0");
  if (m[3]) {
    if (h < 1 || h > 12) return null;
    h = (h % 12) + (m[3] === "pm" ? 12 : 0);
  } else if (m[2] === undefined) return null; // a bare "9" is too ambiguous (9 o'clock? 9 minutes?)
  if (h > 23 || min > 59) return null;
  return [h, min];
}

const EXAMPLES = `Try "every 15 minutes", "every 2 hours", "every day at 08:30", "weekdays at 09:00", "every Monday at 10:00" or "every month on the 1st at 09:00".`;

/**
 * The simple form of the schedule editor → a 5-part cron string. Intervals must divide the
 * hour or day evenly: cron's "*\/7" restarts every hour (:56 then :00), which is never what
 * "every 7 minutes" means, so we refuse it with the choices that work.
 */
export function simpleToCron(phrase: string): Parsed<string> {
  const p = phrase.trim().toLowerCase().replace(/\s+/g, " ").replace(/^every ?day/, "daily");
  let m: RegExpExecArray | null;
  if (p === "every minute") return { ok: true, value: "* * * * *" };
  if (p === "every hour" || p === "hourly") return { ok: true, value: "0 * * * *" };
  if ((m = /^every (\d+) minutes?$/.exec(p))) {
    const n = Number(m[1]);
    if (n >= 1 && n < 60 && 60 % n === 0) return { ok: true, value: n === 1 ? "* * * * *" : `*/${n} * * * *` };
    return { ok: false, message: `"every ${n} minutes" does not divide the hour evenly; choose 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30 minutes` };
  }
  if ((m = /^every (\d+) hours?$/.exec(p))) {
    const n = Number(m[1]);
    if (n >= 1 && n < 24 && 24 % n === 0) return { ok: true, value: n === 1 ? "0 * * * *" : `0 */${n} * * *` };
    return { ok: false, message: `"every ${n} hours" does not divide the day evenly; choose 1, 2, 3, 4, 6, 8 or 12 hours` };
  }
  const at = (rest: string | undefined): [number, number] | null => (rest ? parseTime(rest) : null);
  if ((m = /^daily(?: at)? (.+)$/.exec(p))) {
    const t = at(m[1]);
    if (t) return { ok: true, value: `${t[1]} ${t[0]} * * *` };
  }
  if ((m = /^(?:every )?(weekday|weekend)s?(?: at)? (.+)$/.exec(p))) {
    const t = at(m[2]);
    if (t) return { ok: true, value: `${t[1]} ${t[0]} * * ${m[1] === "weekday" ? "1-5" : "0,6"}` };
  }
  if ((m = new RegExp(`^(?:every |on )?(${DAY_RE}(?:(?:, ?| and | ?& ?)${DAY_RE})*)(?: at)? (.+)$`).exec(p))) {
    const days = (m[1] ?? "").split(/, ?| and | ?& ?/).map(dayNumber);
    const t = at(m[2]);
    if (t && days.every((d) => d !== undefined)) {
      const list = [...new Set(days as number[])].sort((a, b) => a - b).join(",");
      return { ok: true, value: `${t[1]} ${t[0]} * * ${list}` };
    }
  }
  if ((m = /^(?:every month|monthly) on the (\d{1,2})(?:st|nd|rd|th)?(?: at)? (.+)$/.exec(p))) {
    const d = Number(m[1]);
    const t = at(m[2]);
    if (t && d >= 1 && d <= 28) return { ok: true, value: `${t[1]} ${t[0]} ${d} * *` };
    if (t) return { ok: false, message: "Choose a day from 1 to 28, so that the schedule also runs in February" };
  }
  return { ok: false, message: `We could not read "${phrase.trim()}" as a schedule. ${EXAMPLES}` };
}

/** Ticks t with from < t <= to, in order. `limit` guards against enumerating years of minutes. */
export function ticksBetween(spec: ScheduleSpec, from: Date, to: Date, limit = 10_000): Date[] {
  const c = cronOf(spec);
  const out: Date[] = [];
  let cursor: Date | null = from;
  while (out.length < limit) {
    cursor = c.nextRun(cursor);
    if (!cursor || cursor.getTime() > to.getTime()) break;
    out.push(cursor);
  }
  return out;
}

export function nextTick(spec: ScheduleSpec, after: Date): Date | null {
  return cronOf(spec).nextRun(after);
}

export type TickPlan = {
  /** Ticks to insert now (each under its tick key). */
  run: Date[];
  /** How many missed ticks the policy dropped ("skipped 9 missed runs"); counted up to 10,000. */
  skipped: number;
  /** Store this as the trigger's cursor; the next poll looks only after it. */
  cursor: Date;
  next: Date | null;
};

/**
 * Which ticks to run at `now`, given the cursor (the last moment already planned; for a new
 * trigger its activation time). A tick is on time while less than `graceMs` old; older ticks
 * were missed (the scheduler was down). `skip` runs only on-time ticks; `run_last` runs the
 * latest due tick once, however many were missed — never a burst of catch-up runs.
 */
export function planTicks(spec: ScheduleSpec, cursor: Date, now: Date, policy: MissedTickPolicy, graceMs = 60_000): TickPlan {
  const c = cronOf(spec);
  const graceStart = new Date(Math.max(cursor.getTime(), now.getTime() - graceMs));
  const onTime = ticksBetween(spec, graceStart, now);
  const next = c.nextRun(now);
  const firstMissed = c.nextRun(cursor);
  if (!firstMissed || firstMissed.getTime() > graceStart.getTime()) return { run: onTime, skipped: 0, cursor: now, next };
  // The count is capped so a year-long outage of a per-minute schedule stays cheap.
  const skippedCount = ticksBetween(spec, cursor, graceStart, MAX_COUNTED).length;
  if (policy === "skip" || onTime.length > 0) return { run: onTime, skipped: skippedCount, cursor: now, next };
  // The latest missed tick, found directly rather than by enumerating the whole gap.
  const lastMissed = c.previousRuns(1, new Date(graceStart.getTime() + 1))[0] ?? firstMissed;
  return { run: [lastMissed], skipped: skippedCount - 1, cursor: now, next };
}

const MAX_COUNTED = 10_000;

/** The exactly-once key: a unique index on it makes the second worker's insert a no-op. */
export function tickKey(triggerId: string, scheduledFor: Date): string {
  return `${triggerId}@${scheduledFor.toISOString()}`;
}
