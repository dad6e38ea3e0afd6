// "Run this step": one node of the saved draft on the editor's sample data, through the real
// executor registry; refusals for missing upstream data, viewers and other workspaces.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, executions } from "@/db/schema";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { createAppRegistry } from "@/server/app-registry";
import { addMember, callerFor, makeWorkspaceWithOwner } from "@/server/api/testing";
import type { NodeRegistry } from "@/server/nodes/registry";
import { createWorkflow } from "./workflows";
import { runSingleStep } from "./single-step-run";
import { ValidationError } from "./errors";

let h: TestDb;
let registry: NodeRegistry;
beforeAll(async () => {
  h = await createTestDb();
  registry = createAppRegistry(h.db);
});
afterAll(() => h.close());

const actor = { id: null, label: "Tester" };

function graph(setFields: Array<{ name: string; value: string }>) {
  return {
    schemaVersion: 1,
    nodes: [
      { id: "hook", type: "trigger.webhook", name: "New lead", position: { x: 0, y: 0 }, config: { testData: '{"body":{"email":"ada@example.com"}}' }, notes: "" },
      { id: "shape", type: "data.set", name: "Shape lead", position: { x: 200, y: 0 }, config: { mode: "fields", fields: setFields, keepInput: false, json: "" }, notes: "" },
      { id: "after", type: "data.set", name: "After", position: { x: 400, y: 0 }, config: { mode: "fields", fields: [{ name: "again", value: "{{ steps.shape.email }}" }], keepInput: false, json: "" }, notes: "" },
    ],
    edges: [
      { id: "e1", source: "hook", sourceHandle: "main", target: "shape" },
      { id: "e2", source: "shape", sourceHandle: "main", target: "after" },
    ],
    settings: {},
  };
}

async function setup(fields = [{ name: "email", value: "{{ trigger.body.email }}" }]) {
  const ws = await makeWorkspaceWithOwner(h.db, "Owner");
  const wf = await createWorkflow(h.db, ws.workspaceId, actor, { name: "Leads" }, graph(fields) as never);
  return { ...ws, workflowId: wf.id };
}

describe(`run a single step (${testDriver})`, () => {
  it("runs a Set node on pinned upstream data, writes no execution and records an audit entry", async () => {
    const { workspaceId, workflowId } = await setup([
      { name: "email", value: "{{ trigger.body.email }}" },
      { name: "domain", value: "{{ $substringAfter(vars.input.body.email, '@') }}" },
    ]);
    const r = await runSingleStep(h.db, workspaceId, actor, { workflowId, nodeId: "shape", trigger: { body: { email: "ada@example.com" } }, steps: {} }, { registry });
    expect(r).toMatchObject({ status: "succeeded", nodeId: "shape", output: { email: "ada@example.com", domain: "example.com" }, handle: "main", input: { body: { email: "ada@example.com" } } });

    // A later step uses the single-step output as its upstream data.
    const next = await runSingleStep(h.db, workspaceId, actor, { workflowId, nodeId: "after", trigger: { body: {} }, steps: { shape: { email: "x@y.z" } } }, { registry });
    expect(next).toMatchObject({ status: "succeeded", output: { again: "x@y.z" } });

    expect(await h.db.select().from(executions).where(eq(executions.workflowId, workflowId))).toEqual([]);
    const audit = await h.db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "workflow.step_run")));
    expect(audit).toHaveLength(2);
    const first = audit.find((a) => a.summary.includes("Shape lead"));
    expect(first?.summary).toBe("Ran the step “Shape lead” on its own (succeeded)");
    expect(first?.details).toMatchObject({ nodeId: "shape", status: "succeeded" });
  });

  it("refuses without upstream data, naming the step that has none", async () => {
    const { workspaceId, workflowId } = await setup();
    const noTrigger = runSingleStep(h.db, workspaceId, actor, { workflowId, nodeId: "shape", steps: {} }, { registry });
    await expect(noTrigger).rejects.toBeInstanceOf(ValidationError);
    await expect(noTrigger).rejects.toThrow("“New lead” has no data yet. Run a test first, or pin sample data on “New lead”.");
    await expect(runSingleStep(h.db, workspaceId, actor, { workflowId, nodeId: "after", trigger: { body: {} }, steps: {} }, { registry })).rejects.toThrow(
      "“Shape lead” has no data yet. Run a test first, or use “Run this step” on “Shape lead” first.",
    );
    await expect(runSingleStep(h.db, workspaceId, actor, { workflowId, nodeId: "hook", steps: {} }, { registry })).rejects.toThrow(/is a trigger/);
  });

  it("shows an expression error as the step's error", async () => {
    const { workspaceId, workflowId } = await setup([{ name: "email", value: "{{ trigger.body.email & }}" }]);
    const r = await runSingleStep(h.db, workspaceId, actor, { workflowId, nodeId: "shape", trigger: { body: { email: "a@b.co" } }, steps: {} }, { registry });
    expect(r.status).toBe("failed");
    if (r.status !== "failed") return;
    expect(r.error).toMatchObject({ code: "EXPRESSION", field: "fields[0].value" });
    expect(r.error.message).toMatch(/^fields\[0\]\.value: Unexpected end of expression/);
  });

  it("through the API: an editor may run a step; a viewer may not; another workspace's workflow is not found", async () => {
    const { owner, workspaceId, workflowId } = await setup();
    const input = { workflowId, nodeId: "shape", trigger: { body: { email: "ada@example.com" } }, steps: {} };
    const editor = await addMember(h.db, workspaceId, "editor");
    expect(await callerFor(h.db, editor, workspaceId).run.step(input)).toMatchObject({ status: "succeeded", output: { email: "ada@example.com" } });

    const viewer = await addMember(h.db, workspaceId, "viewer");
    await expect(callerFor(h.db, viewer, workspaceId).run.step(input)).rejects.toMatchObject({ code: "FORBIDDEN" });

    const other = await makeWorkspaceWithOwner(h.db, "Mallory");
    await expect(callerFor(h.db, other.owner, other.workspaceId).run.step(input)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(callerFor(h.db, owner, workspaceId).run.step({ ...input, steps: {}, trigger: undefined })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });
});
