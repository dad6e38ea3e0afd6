import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { executions, scheduleTicks, workflowVersions } from "@/db/schema";
import { testDriver } from "@/db/testing/test-db";
import { createHarness, graphOf, type Harness } from "@/server/runtime/testing/harness";
import { runDueSchedules, scheduleSpecOf } from "./schedules";

let t: Harness;
beforeAll(async () => {
  t = await createHarness();
});
afterAll(async () => t?.close());

async function scheduled(config: Record<string, unknown>, publishedAt: Date) {
  const workflowId = await t.createWorkflow(graphOf([["tick", "trigger.schedule", config], ["a", "data.set", { fields: [{ name: "at", value: "{{ trigger.scheduledFor }}" }] }]], [["tick", "a"]]), { publish: true });
  await t.db.update(workflowVersions).set({ createdAt: publishedAt }).where(eq(workflowVersions.workflowId, workflowId));
  return workflowId;
}

const ticksOf = async (workflowId: string) =>
  (await t.db.select().from(scheduleTicks).where(eq(scheduleTicks.workflowId, workflowId))).map((r) => r.scheduledFor.toISOString()).sort();

describe(`schedules (${testDriver})`, () => {
  it("understands words and cron, and refuses nonsense with a reason", () => {
    expect(scheduleSpecOf("every 15 minutes", "UTC")).toMatchObject({ ok: true, spec: { cron: "*/15 * * * *" } });
    expect(scheduleSpecOf("0 9 * * 1-5", "Europe/Paris")).toMatchObject({ ok: true });
    expect(scheduleSpecOf("whenever you like", "UTC")).toMatchObject({ ok: false });
    expect(scheduleSpecOf("every 15 minutes", "Mars/Olympus")).toMatchObject({ ok: false });
  });

  it("two schedulers on a fake clock start exactly one execution per tick", async () => {
    const start = new Date("2026-11-26T10:00:30Z");
    const workflowId = await scheduled({ schedule: "every 15 minutes", timeZone: "UTC" }, start);
    for (let m = 1; m <= 60; m++) {
      const now = new Date(start.getTime() + m * 60_000);
      await Promise.all([runDueSchedules(t.db, t.registry, now), runDueSchedules(t.db, t.registry, now)]);
    }
    expect(await ticksOf(workflowId)).toEqual(["2026-11-26T10:15:00.000Z", "2026-11-26T10:30:00.000Z", "2026-11-26T10:45:00.000Z", "2026-11-26T11:00:00.000Z"]);
    const execs = await t.db.select().from(executions).where(eq(executions.workflowId, workflowId));
    expect(execs).toHaveLength(4);
    expect(execs.every((e) => e.mode === "production")).toBe(true);
  });

  it("after downtime, run_last runs the latest missed tick once and skip runs none", async () => {
    const start = new Date("2026-11-26T08:00:10Z");
    const runLast = await scheduled({ schedule: "every 15 minutes", timeZone: "UTC", missedRuns: "run_last" }, start);
    const skip = await scheduled({ schedule: "every 15 minutes", timeZone: "UTC", missedRuns: "skip" }, start);
    // The scheduler was down for three hours (12 ticks); it comes back at 11:07.
    const back = new Date("2026-11-26T11:07:00Z");
    await runDueSchedules(t.db, t.registry, back);
    await runDueSchedules(t.db, t.registry, new Date(back.getTime() + 30_000));
    expect(await ticksOf(runLast)).toEqual(["2026-11-26T11:00:00.000Z"]);
    expect(await ticksOf(skip)).toEqual([]);
    // Both go on normally afterwards.
    await runDueSchedules(t.db, t.registry, new Date("2026-11-26T11:15:20Z"));
    expect(await ticksOf(skip)).toEqual(["2026-11-26T11:15:00.000Z"]);
    expect(await ticksOf(runLast)).toEqual(["2026-11-26T11:00:00.000Z", "2026-11-26T11:15:00.000Z"]);
  });
});
