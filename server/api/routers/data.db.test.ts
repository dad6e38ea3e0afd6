import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { LEADS_TABLE } from "@/server/data/starter-tables";
import { addMember, callerFor, makeWorkspaceWithOwner } from "../testing";

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

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe(`data router: tenant isolation (${testDriver})`, () => {
  it("a member of workspace A cannot read or change B's tables and rows, by id or by name", async () => {
    const a = await makeWorkspaceWithOwner(h.db, "Alice");
    const b = await makeWorkspaceWithOwner(h.db, "Bob");
    const bob = callerFor(h.db, b.owner, b.workspaceId);
    const t = await bob.data.create({ ...LEADS_TABLE });
    const [row] = await bob.data.insertRows({ table: t.id, records: [{ email: "secret@bob.com" }] });

    const alice = callerFor(h.db, a.owner, a.workspaceId);
    for (const ref of [t.id, "Leads"]) {
      expect(await codeOf(alice.data.get({ table: ref }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.rows({ table: ref }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.exportCsv({ table: ref }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.insertRows({ table: ref, records: [{ email: "x@y.com" }] }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.updateRow({ table: ref, id: row!.id, patch: { name: "pwned" } }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.deleteRows({ table: ref, ids: [row!.id] }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.changeSchema({ table: ref, change: { kind: "remove", key: "notes" } }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.previewImport({ table: ref, file: b64("Email\nx@y.com\n") }))).toBe("NOT_FOUND");
      expect(await codeOf(alice.data.delete({ table: ref }))).toBe("NOT_FOUND");
    }
    expect(await alice.data.list()).toEqual([]);

    // Alice's own table with the same name: her row ids cannot reach Bob's rows either.
    const mine = await alice.data.create({ ...LEADS_TABLE });
    expect(await codeOf(alice.data.updateRow({ table: mine.id, id: row!.id, patch: { name: "pwned" } }))).toBe("NOT_FOUND");
    expect(await alice.data.deleteRows({ table: mine.id, ids: [row!.id] })).toEqual({ deleted: 0 });

    const still = await bob.data.rows({ table: t.id });
    expect(still.rows.map((r) => r.values)).toEqual([{ email: "secret@bob.com", status: "New" }]);
  });

  it("viewers read, editors write, only admins delete tables", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const ownerApi = callerFor(h.db, owner, workspaceId);
    expect(await ownerApi.data.createStarterTables()).toEqual({ created: ["Leads", "Tasks", "Reporting"], existing: [] });
    expect(await ownerApi.data.createStarterTables()).toEqual({ created: [], existing: ["Leads", "Tasks", "Reporting"] });
    const viewer = callerFor(h.db, await addMember(h.db, workspaceId, "viewer"), workspaceId);
    const editor = callerFor(h.db, await addMember(h.db, workspaceId, "editor"), workspaceId);
    expect((await viewer.data.list()).map((t) => t.name)).toEqual(["Leads", "Reporting", "Tasks"]);
    expect(await codeOf(viewer.data.insertRows({ table: "Leads", records: [{ email: "a@x.com" }] }))).toBe("FORBIDDEN");
    expect(await codeOf(editor.data.insertRows({ table: "Leads", records: [{ email: "a@x.com" }] }))).toBe("OK");
    expect(await codeOf(editor.data.delete({ table: "Leads" }))).toBe("FORBIDDEN");
    expect(await codeOf(ownerApi.data.delete({ table: "Leads" }))).toBe("OK");
    expect((await viewer.data.list()).map((t) => t.name)).toEqual(["Reporting", "Tasks"]);
  });

  it("an invalid edit answers BAD_REQUEST with the field's message", async () => {
    const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
    const api = callerFor(h.db, owner, workspaceId);
    await api.data.createStarterTables();
    const [row] = await api.data.insertRows({ table: "Leads", records: [{ email: "a@x.com" }] });
    const err = await api.data.updateRow({ table: "Leads", id: row!.id, patch: { email: "nope" } }).catch((e: unknown) => e as { code: string; cause: { issues: unknown } });
    expect(err).toMatchObject({ code: "BAD_REQUEST", cause: { issues: [{ path: "email", message: expect.stringMatching(/E-mail: 'nope' is not a valid e-mail/) }] } });
  });
});
