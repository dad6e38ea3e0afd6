import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { REPORTING_TABLE } from "@/server/data/starter-tables";
import * as data from "../data-tables";
import { actorOf } from "../workspaces";
import { flowWriter } from "./testing";

let h: TestDb;
beforeAll(async () => {
  h = await createTestDb({ poolSize: 20 });
});
afterAll(() => h.close());

async function reporting() {
  const { owner, workspaceId } = await makeWorkspaceWithOwner(h.db);
  const table = await data.createTable(h.db, workspaceId, actorOf(owner), REPORTING_TABLE);
  return { workspaceId, table, user: { actor: actorOf(owner) } };
}

describe(`data tables: counters added to in place (${testDriver})`, () => {
  it("60 concurrent +1 upserts on 3 keys count every one, whether the row existed or not", async () => {
    const { workspaceId, table } = await reporting();
    const segments = ["SMB", "Enterprise", "Startup"];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, n) =>
        data.upsertRows(h.db, workspaceId, flowWriter(randomUUID()), table.id, [{ date: "2026-11-26", segment: segments[n % 3] }], "merge", { add: { leads: 1 } }),
      ),
    );
    expect(results.reduce((s, r) => s + r.created, 0)).toBe(3);
    const rows = (await data.findRows(h.db, workspaceId, table.id, { limit: 10 })).rows;
    expect(rows.map((r) => [r.values.segment, r.values.leads]).sort()).toEqual([
      ["Enterprise", 20],
      ["SMB", 20],
      ["Startup", 20],
    ]);
    expect(rows.every((r) => r.version === 20)).toBe(true);
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(3);
  });

  it("keeps merge semantics for the other fields, adds a repeated key twice, and works in replace mode", async () => {
    const { workspaceId, table, user } = await reporting();
    const key = { date: "2026-11-26", segment: "SMB" };
    const first = await data.upsertRows(h.db, workspaceId, user, table.id, [{ ...key, leads: 5, qualified: 1 }], "merge", { add: { leads: 2 } });
    expect(first.created).toBe(1);
    const id = first.rows[0]!.id;
    expect((await data.getRow(h.db, workspaceId, table.id, id)).values).toMatchObject({ leads: 7, qualified: 1 }); // a new record: given value + amount
    // A given value for the counter does not overwrite it; other fields merge as usual.
    await data.upsertRows(h.db, workspaceId, user, table.id, [{ ...key, leads: 100, qualified: 2 }, { ...key }], "merge", { add: { leads: 1 } });
    expect((await data.getRow(h.db, workspaceId, table.id, id)).values).toMatchObject({ leads: 9, qualified: 2 });
    await data.upsertRows(h.db, workspaceId, user, table.id, [{ ...key }], "replace", { add: { leads: -4 } });
    expect((await data.getRow(h.db, workspaceId, table.id, id)).values).toMatchObject({ leads: 5, qualified: 0 });
  });

  it("refuses to add to a field that is not a number, is part of the key, or with a fraction on a whole-number field", async () => {
    const { workspaceId, table, user } = await reporting();
    const rec = [{ date: "2026-11-26", segment: "SMB" }];
    await expect(data.upsertRows(h.db, workspaceId, user, table.id, rec, "merge", { add: { segment: 1 } })).rejects.toThrow(/not a number field/);
    await expect(data.upsertRows(h.db, workspaceId, user, table.id, rec, "merge", { add: { nope: 1 } })).rejects.toThrow(/no field 'nope'/);
    await expect(data.upsertRows(h.db, workspaceId, user, table.id, rec, "merge", { add: { leads: 0.5 } })).rejects.toThrow(/whole numbers/);
    expect((await data.getTable(h.db, workspaceId, table.id)).rowCount).toBe(0);
  });

  it("adds once per key: a re-run of the same step (same once key) adds nothing but still writes the other fields", async () => {
    const { workspaceId, table } = await reporting();
    const key = { date: "2026-11-26", segment: "SMB" };
    const step = `${randomUUID()}:saveReport:`;
    const first = await data.upsertRows(h.db, workspaceId, flowWriter(randomUUID()), table.id, [{ ...key, qualified: 1 }], "merge", { add: { leads: 1 }, once: step });
    const rerun = await data.upsertRows(h.db, workspaceId, flowWriter(randomUUID()), table.id, [{ ...key, qualified: 2 }], "merge", { add: { leads: 1 }, once: step });
    await data.upsertRows(h.db, workspaceId, flowWriter(randomUUID()), table.id, [{ ...key }], "merge", { add: { leads: 1 }, once: `${randomUUID()}:saveReport:` });
    expect(rerun.rows[0]!.id).toBe(first.rows[0]!.id);
    expect((await data.getRow(h.db, workspaceId, table.id, first.rows[0]!.id)).values).toMatchObject({ leads: 2, qualified: 2 });
  });
});
