import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { addMember, callerFor, makeWorkspaceWithOwner } from "./testing";

let h: TestDb;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(() => h.close());

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

describe(`tenant isolation (${testDriver})`, () => {
  it("a member of workspace A gets NOT_FOUND for every read and write of B's workflows", async () => {
    const a = await makeWorkspaceWithOwner(h.db, "Alice");
    const b = await makeWorkspaceWithOwner(h.db, "Bob");
    const bob = callerFor(h.db, b.owner, b.workspaceId);
    const wf = await bob.workflow.create({ name: "Bob's secret flow" });

    // Alice, acting in her own workspace, asks for Bob's object by id.
    const alice = callerFor(h.db, a.owner, a.workspaceId);
    expect(await codeOf(alice.workflow.get({ id: wf.id }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.workflow.update({ id: wf.id, patch: { name: "pwned" } }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.workflow.duplicate({ id: wf.id }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.workflow.delete({ id: wf.id }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.workflow.restore({ id: wf.id }))).toBe("NOT_FOUND");
    expect(await codeOf(alice.workflow.saveDraft({ id: wf.id, graph: { nodes: [] }, baseRevision: 1 }))).toBe("NOT_FOUND");
    expect((await alice.workflow.list({})).map((w) => w.id)).not.toContain(wf.id);

    // Alice names Bob's workspace as her current one: she is not a member, so she lands in her own.
    const aliceInB = callerFor(h.db, a.owner, b.workspaceId);
    expect((await aliceInB.workspace.mine()).current.id).toBe(a.workspaceId);
    expect((await aliceInB.workflow.list({})).map((w) => w.id)).not.toContain(wf.id);
    expect(await codeOf(aliceInB.workflow.get({ id: wf.id }))).toBe("NOT_FOUND");

    // Bob's workflow is untouched.
    const still = await bob.workflow.get({ id: wf.id });
    expect(still.name).toBe("Bob's secret flow");
    expect(still.deletedAt).toBeNull();
  });

  it("a signed-out caller gets UNAUTHORIZED", async () => {
    expect(await codeOf(callerFor(h.db, null).workflow.list({}))).toBe("UNAUTHORIZED");
  });
});

describe(`roles (${testDriver})`, () => {
  it("a viewer can read but cannot create, rename or delete", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const wf = await callerFor(h.db, owner, workspaceId).workflow.create({ name: "Leads" });
    const viewer = callerFor(h.db, await addMember(h.db, workspaceId, "viewer"), workspaceId);
    expect((await viewer.workflow.list({})).map((w) => w.name)).toEqual(["Leads"]);
    expect(await codeOf(viewer.workflow.create({ name: "x" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.workflow.update({ id: wf.id, patch: { name: "y" } }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.workflow.delete({ id: wf.id }))).toBe("FORBIDDEN");
    expect((await viewer.workflow.get({ id: wf.id })).name).toBe("Leads");
  });

  it("an editor edits workflows but cannot change roles or invite", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const editorUser = await addMember(h.db, workspaceId, "editor");
    const viewerUser = await addMember(h.db, workspaceId, "viewer");
    const editor = callerFor(h.db, editorUser, workspaceId);
    await editor.workflow.create({ name: "Made by editor" });
    expect(await codeOf(editor.workspace.changeRole({ userId: viewerUser.id, role: "admin" }))).toBe("FORBIDDEN");
    expect(await codeOf(editor.workspace.changeRole({ userId: editorUser.id, role: "owner" }))).toBe("FORBIDDEN");
    expect(await codeOf(editor.workspace.createInvite({ role: "viewer" }))).toBe("FORBIDDEN");
    const members = await callerFor(h.db, owner, workspaceId).workspace.members();
    expect(members.find((m) => m.userId === viewerUser.id)?.role).toBe("viewer");
  });

  it("an admin cannot make owners; the last owner cannot be demoted", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const adminUser = await addMember(h.db, workspaceId, "admin");
    const admin = callerFor(h.db, adminUser, workspaceId);
    expect(await codeOf(admin.workspace.createInvite({ role: "owner" }))).toBe("FORBIDDEN");
    expect(await codeOf(admin.workspace.changeRole({ userId: owner.id, role: "viewer" }))).toBe("FORBIDDEN");
    const own = callerFor(h.db, owner, workspaceId);
    expect(await codeOf(own.workspace.changeRole({ userId: owner.id, role: "admin" }))).toBe("BAD_REQUEST");
    await own.workspace.changeRole({ userId: adminUser.id, role: "editor" });
    const audit = await own.workspace.audit({ targetType: "member" });
    expect(audit.items[0]).toMatchObject({ action: "member.role_change", targetId: adminUser.id, actorId: owner.id });
  });
});
