import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { workspaces } from "@/db/schema";
import { addMember, callerFor, makeWorkspaceWithOwner } from "@/server/api/testing";

let h: TestDb;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(() => h.close());

const validGraph = {
  schemaVersion: 1,
  nodes: [
    { id: "start", type: "trigger.manual", name: "Start", position: { x: 0, y: 0 }, config: {}, notes: "" },
    { id: "set1", type: "data.set", name: "Build record", position: { x: 200, y: 0 }, config: { fields: [{ name: "a", value: "{{ trigger.a }}" }] }, notes: "" },
  ],
  edges: [{ id: "e1", source: "start", sourceHandle: "main", target: "set1" }],
  settings: {},
};

async function setup() {
  const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
  const api = callerFor(h.db, owner, workspaceId);
  const wf = await api.workflow.create({ name: "Orders" });
  return { owner, workspaceId, api, wf };
}

describe(`publishing (${testDriver})`, () => {
  it("publishes consecutive immutable versions with notes, audited, and marks the workflow active", async () => {
    const { api, wf } = await setup();
    const saved = await api.workflow.saveDraft({ id: wf.id, graph: validGraph, baseRevision: wf.draftRevision });
    const v1 = await api.workflow.publish({ id: wf.id, note: "  First go  ", baseRevision: saved.draftRevision });
    expect(v1.version).toBe(1);

    const changed = { ...validGraph, nodes: validGraph.nodes.map((n) => (n.id === "set1" ? { ...n, name: "Build order" } : n)) };
    const saved2 = await api.workflow.saveDraft({ id: wf.id, graph: changed, baseRevision: saved.draftRevision });
    const v2 = await api.workflow.publish({ id: wf.id, baseRevision: saved2.draftRevision });
    expect(v2.version).toBe(2);

    const after = await api.workflow.get({ id: wf.id });
    expect(after).toMatchObject({ publishedVersion: 2, status: "active" });

    const versions = await api.workflow.versions({ id: wf.id });
    expect(versions.map((v) => [v.version, v.note, v.authorName])).toEqual([
      [2, "", "Owner"],
      [1, "First go", "Owner"],
    ]);
    const one = await api.workflow.version({ id: wf.id, version: 1 });
    expect((one.graph as typeof validGraph).nodes[1]!.name).toBe("Build record");

    const audit = await api.workspace.audit({ targetType: "workflow", targetId: wf.id });
    const publishes = audit.items.filter((a) => a.action === "workflow.publish");
    expect(publishes.map((a) => a.summary)).toEqual(['Published version 2 of "Orders"', 'Published version 1 of "Orders": First go']);
  });

  it("refuses a graph with errors, with the reasons tagged by node, and changes nothing", async () => {
    const { api, wf } = await setup();
    const broken = {
      ...validGraph,
      nodes: [...validGraph.nodes, { id: "log1", type: "data.log", name: "Log it", position: { x: 400, y: 0 }, config: { level: "info" }, notes: "" }],
      edges: [...validGraph.edges, { id: "e2", source: "set1", sourceHandle: "main", target: "log1" }],
    };
    await api.workflow.saveDraft({ id: wf.id, graph: broken, baseRevision: wf.draftRevision });
    const err = await api.workflow.publish({ id: wf.id }).then(
      () => null,
      (e: { code: string; message: string; cause?: { issues?: unknown[] } }) => e,
    );
    expect(err?.code).toBe("BAD_REQUEST");
    expect(err?.message).toContain("Message is required");
    expect(err?.cause?.issues).toEqual([{ path: "message", message: '"Log it": Message is required', nodeId: "log1" }]);
    expect(await api.workflow.versions({ id: wf.id })).toEqual([]);
    expect((await api.workflow.get({ id: wf.id })).publishedVersion).toBeNull();
  });

  it("refuses when the draft changed since the user looked at it", async () => {
    const { api, wf } = await setup();
    const saved = await api.workflow.saveDraft({ id: wf.id, graph: validGraph, baseRevision: wf.draftRevision });
    const err = await api.workflow.publish({ id: wf.id, baseRevision: saved.draftRevision - 1 }).then(
      () => null,
      (e: { code: string }) => e,
    );
    expect(err?.code).toBe("CONFLICT");
  });

  it("warnings (here: the workspace naming convention) do not block publishing", async () => {
    const { api, wf, workspaceId } = await setup();
    await h.db.update(workspaces).set({ settings: { namingConvention: { pattern: "^[a-z]", description: "lower case" } } }).where(eq(workspaces.id, workspaceId));
    expect(await api.workflow.lintSettings()).toEqual({ namingConvention: { pattern: "^[a-z]", description: "lower case" } });
    await api.workflow.saveDraft({ id: wf.id, graph: validGraph, baseRevision: wf.draftRevision });
    const v = await api.workflow.publish({ id: wf.id });
    expect(v.version).toBe(1);
    expect(v.warnings.map((w) => w.code)).toEqual(["naming_convention", "naming_convention"]);
  });

  it("viewers cannot publish; other workspaces cannot see versions", async () => {
    const { api, wf, workspaceId } = await setup();
    await api.workflow.saveDraft({ id: wf.id, graph: validGraph, baseRevision: wf.draftRevision });
    await api.workflow.publish({ id: wf.id });
    const viewer = await addMember(h.db, workspaceId, "viewer");
    const asViewer = callerFor(h.db, viewer, workspaceId);
    expect((await asViewer.workflow.versions({ id: wf.id })).length).toBe(1);
    await expect(asViewer.workflow.publish({ id: wf.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    const other = await makeWorkspaceWithOwner(h.db, "Other");
    const stranger = callerFor(h.db, other.owner, other.workspaceId);
    expect(await stranger.workflow.versions({ id: wf.id })).toEqual([]);
    await expect(stranger.workflow.version({ id: wf.id, version: 1 })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(stranger.workflow.publish({ id: wf.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
