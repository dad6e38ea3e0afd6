import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { callerFor, makeUser, makeWorkspaceWithOwner } from "@/server/api/testing";
import { createInvite, acceptInvite, describeInvite } from "./members";

let h: TestDb;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(() => h.close());

describe(`workflows (${testDriver})`, () => {
  it("create, rename, duplicate, delete with undo — each audited", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const api = callerFor(h.db, owner, workspaceId);
    const wf = await api.workflow.create({ name: "  New leads  ", tags: ["sales"] });
    expect(wf.name).toBe("New leads");
    await api.workflow.update({ id: wf.id, patch: { name: "Lead intake" } });
    const copy = await api.workflow.duplicate({ id: wf.id });
    expect(copy.name).toBe("Lead intake (copy)");
    expect((await api.workflow.list({ search: "intake" })).length).toBe(2);
    expect((await api.workflow.list({ tag: "sales" })).length).toBe(2);
    expect(await api.workflow.tags()).toEqual(["sales"]);

    await api.workflow.delete({ id: wf.id });
    expect((await api.workflow.list({})).map((w) => w.id)).toEqual([copy.id]);
    await api.workflow.restore({ id: wf.id });
    expect((await api.workflow.list({})).length).toBe(2);

    const audit = await api.workspace.audit({ targetType: "workflow", targetId: wf.id });
    expect(audit.items.map((a) => a.action)).toEqual(["workflow.restore", "workflow.delete", "workflow.rename", "workflow.create"]);
    expect(audit.items[2]!.summary).toBe('renamed "New leads" to "Lead intake"');
  });

  it("search treats % and _ literally", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const api = callerFor(h.db, owner, workspaceId);
    await api.workflow.create({ name: "100% done" });
    await api.workflow.create({ name: "Other" });
    expect((await api.workflow.list({ search: "%" })).map((w) => w.name)).toEqual(["100% done"]);
  });

  it("refuses an empty name and a 500-character name, changing nothing", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const api = callerFor(h.db, owner, workspaceId);
    const wf = await api.workflow.create({ name: "Keep me" });
    for (const name of ["   ", "x".repeat(500)]) {
      const err = await api.workflow.update({ id: wf.id, patch: { name } }).then(() => null, (e) => e);
      expect(err?.code).toBe("BAD_REQUEST");
      const err2 = await api.workflow.create({ name }).then(() => null, (e) => e);
      expect(err2?.code).toBe("BAD_REQUEST");
    }
    expect((await api.workflow.list({})).map((w) => w.name)).toEqual(["Keep me"]);
  });

  it("a draft save based on an old revision is refused as a conflict", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const api = callerFor(h.db, owner, workspaceId);
    const wf = await api.workflow.create({ name: "Draft" });
    const saved = await api.workflow.saveDraft({ id: wf.id, graph: { schemaVersion: 1, nodes: [], edges: [], mark: "first" }, baseRevision: 1 });
    expect(saved.draftRevision).toBe(2);
    const err = await api.workflow.saveDraft({ id: wf.id, graph: { mark: "stale" }, baseRevision: 1 }).then(() => null, (e) => e);
    expect(err?.code).toBe("CONFLICT");
    expect((await api.workflow.get({ id: wf.id })).draftGraph).toMatchObject({ mark: "first" });
  });
});

describe(`invites (${testDriver})`, () => {
  it("a single-use link admits one person with its role", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const inv = await createInvite(h.db, workspaceId, { id: owner.id, label: owner.name }, "owner", "editor");
    expect(await describeInvite(h.db, inv.token)).toMatchObject({ valid: true, role: "editor" });
    const joiner = await makeUser(h.db, "Joiner");
    await acceptInvite(h.db, inv.token, { id: joiner.id, label: joiner.name });
    const late = await makeUser(h.db, "Late");
    await expect(acceptInvite(h.db, inv.token, { id: late.id, label: late.name })).rejects.toThrow(/no longer valid/);
    const mine = await callerFor(h.db, joiner, workspaceId).workspace.mine();
    expect(mine.current).toEqual({ id: workspaceId, role: "editor" });
  });
});
