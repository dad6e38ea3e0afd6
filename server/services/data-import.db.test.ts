import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { listAudit } from "./audit";
import * as data from "./data-tables";
import { leadsFixture } from "./data-tables/testing";

let h: TestDb;
beforeAll(async () => {
  h = await createTestDb();
});
afterAll(() => h.close());

const enc = (s: string) => new TextEncoder().encode(s);
const mapping = { Email: "email", Name: "name", Employees: "employees", Segment: "segment" };

/** 10,000 rows: 8,500 distinct leads, 1,000 re-spelled duplicates of earlier ones (10%), 500 invalid (5%). */
function bigCsv() {
  const lines = ["Email,Name,Employees,Segment"];
  let unique = 0;
  for (let i = 0; i < 10_000; i++) {
    if (i % 20 === 7) lines.push(`bad-address-${i},Broken,1,SMB`); // invalid e-mail
    else if (i % 10 === 3 && unique > 0) lines.push(` LEAD${i % unique}@Example.COM ,Again ${i},${i % 50},smb`); // duplicate of an earlier row
    else lines.push(`lead${unique++}@example.com,"Person, ${i}",${i % 500},Startup`);
  }
  return { csv: lines.join("\r\n") + "\r\n", unique };
}

describe(`CSV import (${testDriver})`, () => {
  it("10,000 rows with 5% invalid and 10% duplicates: the preview counts are exactly what is written", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    const { csv, unique } = bigCsv();
    expect(unique).toBe(8500);
    const preview = await data.previewImport(h.db, workspaceId, table.id, enc(csv), mapping);
    expect(preview.counts).toEqual({ rows: 10_000, insert: 8500, update: 0, rejected: 500, merged: 1000 });
    expect(preview.rejected[0]).toEqual({ row: 9, reasons: ["E-mail: 'bad-address-7' is not a valid e-mail address"] });
    expect(preview.rejectedCsv.split("\r\n")).toHaveLength(501);
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(0); // the preview wrote nothing

    const started = Date.now();
    const result = await data.commitImport(h.db, workspaceId, user, table.id, enc(csv), mapping);
    const ms = Date.now() - started;
    expect(result).toEqual({ inserted: 8500, updated: 0, unchanged: 0, rejected: 500, merged: 1000 });
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(8500);
    const page = await data.findRows(h.db, workspaceId, table.id, { filters: [{ field: "segment", op: "eq", value: "SMB" }], limit: 1000 });
    // Duplicates were written in "smb" spelling and are the later rows, so they won.
    expect(page.rows.length).toBe(1000);
    console.log(`import of 10,000 rows on ${testDriver}: ${ms} ms`);

    // The same file again: all updates or unchanged, nothing new.
    const again = await data.previewImport(h.db, workspaceId, table.id, enc(csv), mapping);
    expect(again.counts).toMatchObject({ insert: 0, update: 8500, rejected: 500, merged: 1000 });
    const second = await data.commitImport(h.db, workspaceId, user, table.id, enc(csv), mapping);
    expect(second).toEqual({ inserted: 0, updated: 0, unchanged: 8500, rejected: 500, merged: 1000 });
    const audit = await listAudit(h.db, workspaceId, { action: "data_table.import" });
    expect(audit.items).toHaveLength(2);
  });

  it("a malformed file (bad quoting, wrong encoding, 100 MB) gets a clear error and writes nothing", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    const latin1 = new Uint8Array([...enc("Email,Name\r\nm@x.com,M"), 0xfc, ...enc("ller\r\n")]);
    const cases: [Uint8Array, RegExp][] = [
      [enc('Email,Name\r\na@x.com,"Ann\r\nb@x.com,Bob\r\n'), /quote/],
      [latin1, /not UTF-8 text \(byte 0xFC on line 2/],
      [new Uint8Array(100 * 1024 * 1024).fill(0x61), /the limit is 50 MB/],
    ];
    for (const [bytes, message] of cases) {
      await expect(data.previewImport(h.db, workspaceId, table.id, bytes, { Email: "email", Name: "name" })).rejects.toThrow(message);
      await expect(data.commitImport(h.db, workspaceId, user, table.id, bytes, { Email: "email", Name: "name" })).rejects.toThrow(message);
    }
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(0);
    expect((await data.findRows(h.db, workspaceId, table.id, {})).rows).toHaveLength(0);
    expect((await listAudit(h.db, workspaceId, { action: "data_table.import" })).items).toHaveLength(0);
  });

  it("an update from a file changes only the cells that are filled in", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    await data.insertRows(h.db, workspaceId, user, table.id, [{ email: "a@x.com", name: "Ann", employees: 5, status: "Qualified" }]);
    const r = await data.commitImport(h.db, workspaceId, user, table.id, enc("Email,Name,Employees\r\nA@x.com,,7\r\n"), { Email: "email", Name: "name", Employees: "employees" });
    expect(r).toMatchObject({ inserted: 0, updated: 1 });
    const rows = (await data.findRows(h.db, workspaceId, table.id, {})).rows;
    expect(rows[0]!.values).toMatchObject({ name: "Ann", employees: 7, status: "Qualified" });
  });
});

describe(`schema changes (${testDriver})`, () => {
  it("add, rename and retype migrate rows; a retype that would break rows is refused with the list", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    await data.insertRows(h.db, workspaceId, user, table.id, [
      { email: "a@x.com", source: "12" },
      { email: "b@x.com", source: "web" },
      { email: "c@x.com" },
    ]);
    const added = await data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "add", field: { key: "tier", label: "Tier", type: "text", default: "bronze" } });
    expect(added.changedRows).toBe(3);
    await expect(data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "add", field: { key: "must", label: "Must", type: "text", required: true } })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ message: expect.stringContaining("Must is required") })]),
    });
    const renamed = await data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "rename", from: "source", to: "channel", label: "Channel" });
    expect(renamed.changedRows).toBe(3);
    const refused = data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "retype", field: { key: "channel", label: "Channel", type: "number" } });
    await expect(refused).rejects.toThrow(/would break 1 record/);
    await expect(refused).rejects.toMatchObject({ issues: [expect.objectContaining({ message: expect.stringMatching(/'web' is not a number/) })] });
    const rows = (await data.findRows(h.db, workspaceId, table.id, {})).rows;
    expect(rows.map((r) => r.values.channel)).toEqual(["12", "web", undefined]);
    expect(rows.every((r) => r.values.tier === "bronze")).toBe(true);

    await data.updateRow(h.db, workspaceId, user, table.id, rows[1]!.id, { channel: "" });
    const ok = await data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "retype", field: { key: "channel", label: "Channel", type: "number", indexed: true } });
    expect(ok.changedRows).toBe(1);
    expect(ok.table.indexedFields.length).toBeGreaterThan(0);
    const sorted = await data.findRows(h.db, workspaceId, table.id, { sort: { field: "channel", direction: "desc" } });
    expect(sorted.rows[0]!.values.channel).toBe(12);
  });

  it("a unique key that existing rows would share is refused, naming the rows", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    await data.insertRows(h.db, workspaceId, user, table.id, [{ email: "a@x.com", company: "Acme" }, { email: "b@x.com", company: "ACME " }, { email: "c@x.com", company: "Beta" }]);
    await expect(data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "set_key", uniqueKey: ["company"] })).rejects.toThrow(/would break 1 record/);
    const t = await data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "set_key", uniqueKey: ["email", "company"] });
    expect(t.table.def.uniqueKey).toEqual(["email", "company"]);
    await expect(data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "remove", key: "email" })).rejects.toThrow(/part of the unique key/);
    await data.applySchemaChange(h.db, workspaceId, user, table.id, { kind: "remove", key: "notes" });
  });
});
