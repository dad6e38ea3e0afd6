import { describe, expect, it } from "vitest";
import { nextTick, parseTime, planTicks, simpleToCron, tickKey, ticksBetween, validateSchedule, type ScheduleSpec } from "./schedule";

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe("simpleToCron", () => {
  it.each([
    ["every 15 minutes", "*/15 * * * *"],
    ["Every minute", "* * * * *"],
    ["every 1 minute", "* * * * *"],
    ["every hour", "0 * * * *"],
    ["every 2 hours", "0 */2 * * *"],
    ["every day at 08:30", "30 8 * * *"],
    ["everyday at 8:30 pm", "30 20 * * *"],
    ["daily at noon", "0 12 * * *"],
    ["weekdays at 09:00", "0 9 * * 1-5"],
    ["every weekday at 9am", "0 9 * * 1-5"],
    ["weekends at 10:15", "15 10 * * 0,6"],
    ["every Monday at 10:00", "0 10 * * 1"],
    ["mondays at 10am", "0 10 * * 1"],
    ["every Tue and Thu at 17:45", "45 17 * * 2,4"],
    ["on friday, monday at 07:05", "5 7 * * 1,5"],
    ["every month on the 1st at 09:00", "0 9 1 * *"],
    ["monthly on the 15th at midnight", "0 0 15 * *"],
  ])("%j → %s", (phrase, cron) => {
    expect(simpleToCron(phrase)).toEqual({ ok: true, value: cron });
    expect(validateSchedule({ cron, timeZone: "Europe/Berlin" }).ok).toBe(true);
  });

  it.each([
    ["every 7 minutes", /does not divide the hour evenly; choose 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30 minutes/],
    ["every 5 hours", /does not divide the day evenly/],
    ["every month on the 31st at 09:00", /from 1 to 28/],
    ["every day at 9", /could not read/],
    ["every day at 25:00", /could not read/],
    ["when the moon is full", /could not read "when the moon is full" as a schedule\. Try "every 15 minutes"/],
  ])("refuses %j", (phrase, message) => {
    const r = simpleToCron(phrase);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });

  it("parseTime", () => {
    expect([parseTime("12am"), parseTime("12pm"), parseTime("9.30"), parseTime("13pm")]).toEqual([[0, 0], [12, 0], [9, 30], null]);
  });
});

describe("validateSchedule", () => {
  it.each([
    [{ cron: "61 * * * *", timeZone: "UTC" }, /is not a valid schedule/],
    [{ cron: "0 0 0 * * *", timeZone: "UTC" }, /is not a valid schedule/],
    [{ cron: "* * * * *", timeZone: "Mars/Base" }, /not a known time zone/],
    [{ cron: "0 0 30 2 *", timeZone: "UTC" }, /never runs/],
  ])("refuses %j", (spec, message) => {
    const r = validateSchedule(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe("ticksBetween", () => {
  it("is exclusive of from and inclusive of to", () => {
    const spec = { cron: "*/15 * * * *", timeZone: "UTC" };
    expect(iso(ticksBetween(spec, new Date("2025-01-01T10:00:00Z"), new Date("2025-01-01T11:00:00Z")))).toEqual([
      "2025-01-01T10:15:00.000Z",
      "2025-01-01T10:30:00.000Z",
      "2025-01-01T10:45:00.000Z",
      "2025-01-01T11:00:00.000Z",
    ]);
  });
  it("follows the time zone across a DST change", () => {
    const spec = { cron: "0 9 * * 1-5", timeZone: "Europe/London" };
    // Friday 28 March 2025 is GMT, Monday 31 March is BST.
    expect(iso(ticksBetween(spec, new Date("2025-03-28T00:00:00Z"), new Date("2025-04-01T00:00:00Z")))).toEqual(["2025-03-28T09:00:00.000Z", "2025-03-31T08:00:00.000Z"]);
  });
  it("caps enumeration", () => {
    expect(ticksBetween({ cron: "* * * * *", timeZone: "UTC" }, new Date(0), new Date(86_400_000 * 365), 50)).toHaveLength(50);
  });
});

describe("planTicks and tick keys", () => {
  const spec: ScheduleSpec = { cron: "*/10 * * * *", timeZone: "UTC" };
  const t = (hm: string) => new Date(`2025-01-01T${hm}:00Z`);

  it("runs the tick that just came due", () => {
    expect(planTicks(spec, t("10:09"), new Date("2025-01-01T10:10:05Z"), "skip")).toMatchObject({ run: [t("10:10")], skipped: 0, next: t("10:20") });
  });

  it("after a 1-hour outage: skip runs nothing missed, run_last runs the last one once", () => {
    const cursor = t("10:05");
    const now = new Date("2025-01-01T11:15:30Z");
    expect(planTicks(spec, cursor, now, "skip")).toEqual({ run: [], skipped: 7, cursor: now, next: t("11:20") });
    expect(planTicks(spec, cursor, now, "run_last")).toEqual({ run: [t("11:10")], skipped: 6, cursor: now, next: t("11:20") });
  });

  it("when the outage ends right on a tick, that tick is the one run", () => {
    const now = new Date("2025-01-01T11:10:20Z");
    expect(planTicks(spec, t("10:05"), now, "run_last")).toMatchObject({ run: [t("11:10")], skipped: 6 });
    expect(planTicks(spec, t("10:05"), now, "skip")).toMatchObject({ run: [t("11:10")], skipped: 6 });
  });

  it("a year of a 5-minute schedule missed stays bounded (counted up to a cap) and runs the last tick once", () => {
    const r = planTicks({ cron: "*/5 * * * *", timeZone: "UTC" }, new Date("2024-01-01T00:00:00Z"), new Date("2025-01-01T00:03:30Z"), "run_last");
    expect(iso(r.run)).toEqual(["2025-01-01T00:00:00.000Z"]);
    expect(r.skipped).toBe(9_999); // counted up to the 10,000 cap, minus the one run
  });

  it("two workers polling with a fake clock insert each tick exactly once", () => {
    const inserted = new Map<string, number>(); // stands in for the unique index on the tick key
    let storedCursor = t("09:58");
    const triggerId = "trg_1";
    for (let ms = t("09:58").getTime(); ms <= t("11:00").getTime() + 10_000; ms += 7_000) {
      // Both workers read the same cursor (the race the unique index exists for).
      const plans = [planTicks(spec, storedCursor, new Date(ms), "skip"), planTicks(spec, storedCursor, new Date(ms + 3), "skip")];
      for (const p of plans) for (const d of p.run) inserted.set(tickKey(triggerId, d), (inserted.get(tickKey(triggerId, d)) ?? 0) + 1);
      storedCursor = plans[1]?.cursor ?? storedCursor;
    }
    const keys = [...inserted.keys()];
    expect(keys).toEqual(["10:00", "10:10", "10:20", "10:30", "10:40", "10:50", "11:00"].map((hm) => `trg_1@2025-01-01T${hm}:00.000Z`));
  });

  it("nextTick", () => {
    expect(nextTick({ cron: "30 8 * * *", timeZone: "America/New_York" }, new Date("2025-06-01T00:00:00Z"))?.toISOString()).toBe("2025-06-01T12:30:00.000Z");
  });
});
