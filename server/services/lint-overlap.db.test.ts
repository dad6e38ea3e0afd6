import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { callerFor, makeWorkspaceWithOwner } from "@/server/api/testing";

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => t?.close());

const withSource = (source: string) => ({
  schemaVersion: 1,
  nodes: [{ id: "hook", type: "trigger.webhook", name: "Incoming", position: { x: 0, y: 0 }, config: { source } }],
  edges: [],
  settings: {},
});

describe(`lint settings: other workflows' trigger sources (${testDriver})`, () => {
  it("lists the sources of the workspace's other live workflows only", async () => {
    const a = await makeWorkspaceWithOwner(t.db, "Ann");
    const b = await makeWorkspaceWithOwner(t.db, "Ben");
    const api = callerFor(t.db, a.owner, a.workspaceId);
    const mine = await api.workflow.create({ name: "Mine" });
    const other = await api.workflow.create({ name: "Orders to CRM" });
    const deleted = await api.workflow.create({ name: "Old" });
    await api.workflow.saveDraft({ id: mine.id, graph: withSource("Shop orders"), baseRevision: 1 });
    await api.workflow.saveDraft({ id: other.id, graph: withSource("Shop orders"), baseRevision: 1 });
    await api.workflow.saveDraft({ id: deleted.id, graph: withSource("Shop orders"), baseRevision: 1 });
    await api.workflow.delete({ id: deleted.id });
    const theirs = await callerFor(t.db, b.owner, b.workspaceId).workflow.create({ name: "Elsewhere" });
    await callerFor(t.db, b.owner, b.workspaceId).workflow.saveDraft({ id: theirs.id, graph: withSource("Shop orders"), baseRevision: 1 });

    const settings = await api.workflow.lintSettings({ id: mine.id });
    expect(settings.otherTriggerSources).toEqual([{ source: "Shop orders", workflowName: "Orders to CRM" }]);
  });
});
