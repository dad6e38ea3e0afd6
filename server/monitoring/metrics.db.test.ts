import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { createMetrics, metricsTokenOk } from "./metrics";
import { seedRuns, seedWorkflow } from "./testing/seed";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

describe(`metrics on ${testDriver}`, () => {
  it("exposes executions by status and workflow, queue depth and step durations", async () => {
    const { workspaceId } = await makeWorkspaceWithOwner(t.db);
    const wf = await seedWorkflow(t.db, workspaceId, "Invoices");
    await seedRuns(t.db, workspaceId, wf, [{ status: "failed", finishedAt: new Date() }, { status: "succeeded", finishedAt: new Date() }, { status: "succeeded", finishedAt: new Date() }]);
    const text = await createMetrics().collect(t.db);
    expect(text).toContain(`switchyard_executions{workflow_id="${wf}",workflow="Invoices",status="succeeded",mode="production"} 2`);
    expect(text).toContain("switchyard_queue_depth 0");
    expect(text).toContain("# TYPE switchyard_step_duration_seconds histogram");
  });

  it("checks the bearer token", () => {
    expect(metricsTokenOk("Bearer s3cret", "s3cret")).toBe(true);
    expect(metricsTokenOk("Bearer wrong", "s3cret")).toBe(false);
    expect(metricsTokenOk(null, "s3cret")).toBe(false);
    expect(metricsTokenOk("Bearer ", undefined)).toBe(false);
  });
});
