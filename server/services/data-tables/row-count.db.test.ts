import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import * as data from "../data-tables";
import { compactRowCount } from "./row-count";
import { flowWriter, leadsFixture } from "./testing";

let h: TestDb;
beforeAll(async () => {
  h = await createTestDb({ poolSize: 20 });
});
afterAll(() => h.close());

const countStar = async (tableId: string) => Number((await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from data_rows where table_id = ${tableId}`))[0]!.n);
const deltas = async (tableId: string) => Number((await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from data_table_row_deltas where table_id = ${tableId}`))[0]!.n);

describe(`data tables: row count without a hot row (${testDriver})`, () => {
  it("stays exact under 50 concurrent inserts, upserts and deletes, before and after compaction", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    const seed = await data.insertRows(h.db, workspaceId, user, table.id, Array.from({ length: 20 }, (_, i) => ({ email: `seed${i}@x.com` })));
    const jobs = Array.from({ length: 50 }, (_, n) => {
      if (n % 5 === 0) return data.deleteRows(h.db, workspaceId, user, table.id, [seed[n / 5]!.id]);
      if (n % 5 === 1) return data.upsertRows(h.db, workspaceId, flowWriter(randomUUID()), table.id, [{ email: `up${n % 7}@x.com`, employees: n }]); // 7 keys, repeats
      return data.insertRows(h.db, workspaceId, user, table.id, [{ email: `new${n}@x.com` }, { email: `new${n}b@x.com` }]);
    });
    await Promise.all(jobs);
    const expected = 20 - 10 + new Set(Array.from({ length: 50 }, (_, n) => n).filter((n) => n % 5 === 1).map((n) => n % 7)).size + 30 * 2;
    expect(await countStar(table.id)).toBe(expected);
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(expected);
    expect((await data.listTables(h.db, workspaceId)).find((t) => t.id === table.id)!.rowCount).toBe(expected);

    expect(await compactRowCount(h.db, table.id)).toBe(true);
    expect(await deltas(table.id)).toBe(0);
    const [stored] = await queryRows<{ row_count: string | number }>(h.db, sql`select row_count from data_tables where id = ${table.id}`);
    expect(Number(stored!.row_count)).toBe(expected);
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(expected);
  });

  it("writers compact now and then, so the deltas stay few", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    for (let i = 0; i < 100; i++) await data.insertRows(h.db, workspaceId, user, table.id, [{ email: `one${i}@x.com` }]);
    expect(await deltas(table.id)).toBeLessThan(100);
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(100);
  });

  it("a rolled-back write leaves the count as it was", async () => {
    const { workspaceId, table, user } = await leadsFixture(h.db);
    await data.insertRows(h.db, workspaceId, user, table.id, [{ email: "a@x.com" }]);
    await expect(data.insertRows(h.db, workspaceId, user, table.id, [{ email: "b@x.com" }, { email: "A@x.com" }])).rejects.toThrow(/already exists/);
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(1);
  });

  it.runIf(testDriver === "pg")("two transactions creating rows in one table do not wait for each other", async () => {
    const { workspaceId, table } = await leadsFixture(h.db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let firstWrote!: () => void;
    const wrote = new Promise<void>((r) => (firstWrote = r));
    // Transaction A creates a row and stays open; B creates another row in the same table and commits.
    const a = h.db.transaction(async (tx) => {
      const t = await data.loadTable(tx, workspaceId, table.id, "write");
      await data.upsertRowsIn(tx, t, flowWriter(randomUUID()), [{ email: "first@x.com" }]);
      firstWrote();
      await held;
    });
    await wrote;
    const b = data.upsertRows(h.db, workspaceId, flowWriter(randomUUID()), table.id, [{ email: "second@x.com" }]);
    const outcome = await Promise.race([b.then(() => "committed"), new Promise((r) => setTimeout(() => r("blocked"), 3000))]);
    release();
    await a;
    await b;
    expect(outcome).toBe("committed");
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(2);
  });
});
