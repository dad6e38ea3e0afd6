import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { listAudit } from "./audit";
import * as data from "./data-tables";
import { flowWriter, leadsFixture } from "./data-tables/testing";

let h: TestDb;
beforeAll(async () => {
  h = await createTestDb({ poolSize: 20 });
});
afterAll(() => h.close());

const spellings = (i: number) => [`lead${i}@example.com`, ` LEAD${i}@Example.com `, `Lead${i}@EXAMPLE.COM`, `lead${i}@example.com  `, `"Lead ${i}" <LEAD${i}@example.com>`];

describe(`data tables: concurrent upserts (${testDriver})`, () => {
  it("50 concurrent upserts of 10 keys in different spellings leave exactly 10 rows, each with the last write's values", async () => {
    const { workspaceId, table } = await leadsFixture(h.db);
    const writes = Array.from({ length: 50 }, (_, n) => ({ n, key: n % 10, email: spellings(n % 10)[Math.floor(n / 10)]!, name: `writer ${n}`, employees: n }));
    const results = await Promise.all(
      writes.map(async (wr) => ({ wr, r: await data.upsertRows(h.db, workspaceId, flowWriter(randomUUID()), table.id, [{ email: wr.email, name: wr.name, employees: wr.employees }]) })),
    );
    const rows = await queryRows<{ values: Record<string, unknown>; version: number; unique_key: string }>(h.db, sql`select "values", version, unique_key from data_rows where table_id = ${table.id}`);
    expect(rows).toHaveLength(10);
    expect(results.reduce((s, x) => s + x.r.created, 0)).toBe(10);
    expect(results.reduce((s, x) => s + x.r.updated, 0)).toBe(40);
    for (let k = 0; k < 10; k++) {
      const row = rows.find((r) => r.unique_key === `["lead${k}@example.com"]`)!;
      expect(row.values.email).toBe(`lead${k}@example.com`);
      // Every write to the key was applied (none lost): 1 insert + 4 updates.
      expect(row.version).toBe(5);
      // The write that produced the highest version is the last one; its values are what is stored.
      const mine = results.filter((x) => x.wr.key === k);
      const last = mine.reduce((a, b) => (b.r.rows[0]!.version > a.r.rows[0]!.version ? b : a));
      expect(last.r.rows[0]!.version).toBe(5);
      expect(row.values.employees).toBe(last.wr.employees);
      expect(row.values.name).toBe(`Writer ${last.wr.n}`);
    }
    const t = await data.getTable(h.db, workspaceId, table.id);
    expect(t.rowCount).toBe(10);
  });

  it("reports created / updated / unchanged, merges without wiping, and records the writer", async () => {
    const { workspaceId, table, user, owner } = await leadsFixture(h.db);
    const exec = randomUUID();
    const a = await data.upsertRows(h.db, workspaceId, flowWriter(exec), "leads", [{ email: "ann@x.com", name: "ann smith", status: "Qualified" }, { email: "bob@x.com" }]);
    expect([a.created, a.updated, a.unchanged]).toEqual([2, 0, 0]);
    const b = await data.upsertRows(h.db, workspaceId, user, table.id, [{ email: "ANN@x.com", company: "Acme" }, { email: "bob@x.com" }]);
    expect([b.created, b.updated, b.unchanged]).toEqual([0, 1, 1]);
    const ann = await data.getRow(h.db, workspaceId, table.id, a.rows[0]!.id);
    // The default status ("New") did not overwrite "Qualified"; the name kept its value.
    expect(ann.values).toMatchObject({ email: "ann@x.com", name: "Ann Smith", status: "Qualified", company: "Acme" });
    expect(ann.createdByExecution).toBe(exec);
    expect(ann.updatedByUser).toBe(owner.id);
    expect(ann.updatedByExecution).toBeNull();
  });

  it("insert refuses an existing key and invalid values, with field messages", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    await data.insertRows(h.db, workspaceId, user, table.id, [{ email: "a@x.com" }]);
    await expect(data.insertRows(h.db, workspaceId, user, table.id, [{ email: " A@X.com" }])).rejects.toThrow(/already exists: a@x.com/);
    await expect(data.insertRows(h.db, workspaceId, user, table.id, [{ email: "not-an-email" }])).rejects.toMatchObject({ issues: [{ path: "email" }] });
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(1);
  });
});

describe(`data tables: find, edit, delete (${testDriver})`, () => {
  it("pages through a filtered, sorted view with a keyset cursor, empty cells last, every row once", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    const recs = Array.from({ length: 57 }, (_, i) => ({ email: `p${i}@x.com`, employees: i % 7 === 0 ? "" : String(i % 5), segment: i % 2 ? "SMB" : "Startup" }));
    await data.insertRows(h.db, workspaceId, user, table.id, recs);
    for (const direction of ["asc", "desc"] as const) {
      const seen: number[] = [];
      const order: (number | null)[] = [];
      let cursor: string | null = null;
      do {
        const page: data.RowPage = await data.findRows(h.db, workspaceId, table.id, { filters: [{ field: "segment", op: "eq", value: "smb" }], sort: { field: "employees", direction }, limit: 6, cursor });
        seen.push(...page.rows.map((r) => r.id));
        order.push(...page.rows.map((r) => (r.values.employees as number | undefined) ?? null));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(28);
      expect(new Set(seen).size).toBe(28);
      const vals = order.filter((v): v is number => v !== null);
      expect(vals).toEqual([...vals].sort((a, b) => (direction === "asc" ? a - b : b - a)));
      expect(order.slice(vals.length).every((v) => v === null)).toBe(true);
    }
    const search = await data.findRows(h.db, workspaceId, table.id, { search: "P1@X", limit: 100 });
    expect(search.rows.map((r) => r.values.email)).toEqual(["p1@x.com"]);
    const range = await data.findRows(h.db, workspaceId, table.id, { filters: [{ field: "employees", op: "gte", value: "3" }], limit: 100 });
    expect(range.rows.every((r) => (r.values.employees as number) >= 3)).toBe(true);
  });

  it("an invalid edit is refused with the field's message; a key clash names the key; deletes adjust the count", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    const [a, b] = await data.insertRows(h.db, workspaceId, user, table.id, [{ email: "a@x.com" }, { email: "b@x.com" }]);
    await expect(data.updateRow(h.db, workspaceId, user, table.id, a!.id, { employees: "many" })).rejects.toMatchObject({ issues: [{ path: "employees" }] });
    await expect(data.updateRow(h.db, workspaceId, user, table.id, a!.id, { email: "B@x.com" })).rejects.toThrow(/Another record already has this E-mail/);
    const edited = await data.updateRow(h.db, workspaceId, user, table.id, a!.id, { employees: "1,200", name: "  ann  " });
    expect(edited.values).toMatchObject({ employees: 1200, name: "Ann" });
    await expect(data.updateRow(h.db, workspaceId, user, table.id, a!.id, { name: "x" }, 1)).rejects.toThrow(/Someone else changed/);
    expect(await data.deleteRows(h.db, workspaceId, user, table.id, [b!.id])).toEqual({ deleted: 1 });
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(1);
    const audit = await listAudit(h.db, workspaceId, { targetType: "data_table", targetId: table.id });
    expect(audit.items.map((x) => x.action)).toEqual(["data_row.delete", "data_row.update", "data_row.insert", "data_table.create"]);
  });

  it("exports a filtered view as CSV that re-imports", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    await data.insertRows(h.db, workspaceId, user, table.id, [{ email: "a@x.com", name: "=cmd()", segment: "SMB" }, { email: "b@x.com", segment: "Startup" }]);
    const out = await data.exportRowsCsv(h.db, workspaceId, table.id, { filters: [{ field: "segment", op: "eq", value: "SMB" }] });
    expect(out.rows).toBe(1);
    expect(out.csv).toContain("a@x.com");
    expect(out.csv).toContain("'=Cmd()");
    const preview = await data.previewImport(h.db, workspaceId, table.id, new TextEncoder().encode(out.csv));
    expect(preview.counts).toMatchObject({ rows: 1, update: 1, rejected: 0 });
  });
});
