import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testDriver, type TestDb } from "@/db/testing/test-db";
import { leadsFixture } from "@/server/services/data-tables/testing";
import * as data from "@/server/services/data-tables";
import { createRegistry } from "../registry";
import { createDataExecutors } from "./executors";
import { runNode } from "./testing";
import type { NodeExecutor } from "../executor";

let h: TestDb;
let ex: Record<string, NodeExecutor>;
beforeAll(async () => {
  h = await createTestDb();
  ex = Object.fromEntries(createDataExecutors(h.db).map((e) => [e.definition.type, e]));
});
afterAll(() => h.close());

describe(`data nodes (${testDriver})`, () => {
  it("register with the engine's registry", () => {
    const reg = createRegistry(createDataExecutors(h.db));
    expect(reg.executor("data.upsert")?.definition.label).toBe("Upsert by key");
  });

  it("Validate passes a cleaned item and sends an invalid one to error with every field's message", async () => {
    const { workspaceId } = await leadsFixture(h.db);
    const ok = await runNode(ex["data.validate"]!, workspaceId, { table: "Leads" }, { email: " Ann@X.com ", phone: "(415) 555-2671", extra: 1 });
    expect(ok.output).toEqual({ email: "ann@x.com", phone: "+14155552671", extra: 1, status: "New" });
    const bad = runNode(ex["data.validate"]!, workspaceId, { table: "Leads" }, { email: "nope", employees: "lots" });
    await expect(bad).rejects.toMatchObject({ retryable: false, code: "VALIDATION", data: { errors: [{ field: "email" }, { field: "employees" }] } });
    await expect(bad).rejects.toThrow(/2 problems: E-mail: 'nope' is not a valid e-mail address; Employees/);
    const inline = await runNode(ex["data.validate"]!, workspaceId, { against: "rules", rules: [{ key: "code", label: "Code", type: "text", normalize: { case: "upper" } }] }, [{ code: " ab " }]);
    expect(inline.output).toEqual([{ code: "AB" }]);
  });

  it("Normalize cleans what it can and leaves the rest", async () => {
    const { workspaceId } = await leadsFixture(h.db);
    const r = await runNode(ex["data.normalize"]!, workspaceId, { table: "Leads" }, { email: "A@B.COM", phone: "12" });
    expect(r.output).toEqual({ email: "a@b.com", phone: "12" });
    expect(r.logs[0]!.message).toMatch(/Phone/);
  });

  it("Upsert, Dedupe, Find, Update, Delete, Aggregate over a table, recording the execution", async () => {
    const { workspaceId } = await leadsFixture(h.db);
    const first = await runNode(ex["data.upsert"]!, workspaceId, { table: "Leads" }, { email: "ann@x.com", segment: "SMB" }, "11111111-1111-4111-8111-111111111111");
    expect(first.output).toMatchObject({ outcome: "created", record: { email: "ann@x.com", segment: "SMB" } });
    const again = await runNode(ex["data.upsert"]!, workspaceId, { table: "Leads", source: "fields", fields: [{ name: "email", value: "ANN@x.com " }, { name: "name", value: "ann" }] }, null);
    expect(again.output).toMatchObject({ outcome: "updated", record: { name: "Ann", segment: "SMB" } });
    const row = await data.getRow(h.db, workspaceId, "Leads", (first.output as { id: number }).id);
    expect(row.createdByExecution).toBe("11111111-1111-4111-8111-111111111111");

    const dup = await runNode(ex["data.dedupe"]!, workspaceId, { table: "Leads" }, { email: " Ann@X.com" });
    expect(dup.handle).toBe("duplicate");
    expect(dup.output).toMatchObject({ existingId: row.id });
    expect((await runNode(ex["data.dedupe"]!, workspaceId, { table: "Leads" }, { email: "new@x.com" })).handle).toBe("new");
    const within = await runNode(ex["data.dedupe"]!, workspaceId, { against: "items", key: ["email"] }, [{ email: "a@x.com" }, { email: "A@x.com " }, { email: "b@x.com" }]);
    expect(within).toMatchObject({ handle: "new", output: [{ email: "a@x.com" }, { email: "b@x.com" }] });

    await runNode(ex["data.insert"]!, workspaceId, { table: "Leads" }, [{ email: "bob@x.com", segment: "Startup", employees: 10 }, { email: "cy@x.com", segment: "SMB", employees: 5 }]);
    await expect(runNode(ex["data.insert"]!, workspaceId, { table: "Leads" }, { email: "bob@x.com" })).rejects.toMatchObject({ code: "DATA_CONFLICT", retryable: false });
    const found = await runNode(ex["data.find"]!, workspaceId, { table: "Leads", filters: [{ field: "segment", op: "eq", value: "SMB" }], sort: { field: "email", direction: "asc" } }, null);
    expect(found.output).toMatchObject({ count: 2, first: { email: "ann@x.com" } });
    const upd = await runNode(ex["data.update"]!, workspaceId, { table: "Leads", filters: [{ field: "email", op: "eq", value: "CY@x.com" }], fields: [{ name: "status", value: "Qualified" }] }, null);
    expect(upd.output).toMatchObject({ updated: 1, records: [{ status: "Qualified" }] });
    const agg = await runNode(ex["data.aggregate"]!, workspaceId, { source: "table", table: "Leads", groupBy: ["segment"], metrics: [{ op: "count" }, { op: "sum", field: "employees" }] }, null);
    expect((agg.output as { rows: unknown[] }).rows).toEqual(expect.arrayContaining([{ segment: "SMB", count: 2, sum_employees: 5 }, { segment: "Startup", count: 1, sum_employees: 10 }]));
    const del = await runNode(ex["data.delete"]!, workspaceId, { table: "Leads", filters: [{ field: "segment", op: "eq", value: "Startup" }] }, null);
    expect(del.output).toMatchObject({ deleted: 1 });
    await expect(runNode(ex["data.delete"]!, workspaceId, { table: "Leads", filters: [] }, null)).rejects.toThrow(/at least one filter/);
    await expect(runNode(ex["data.find"]!, workspaceId, { table: "Nope" }, null)).rejects.toMatchObject({ code: "DATA_NOT_FOUND" });
  });
});

describe(`Upsert's "Add to number fields" (${testDriver})`, () => {
  it("adds the amount (from a template's text too) instead of overwriting, and refuses a non-number", async () => {
    const { workspaceId } = await leadsFixture(h.db);
    const cfg = (by: unknown) => ({ table: "Leads", source: "fields", fields: [{ name: "email", value: "count@x.com" }], add: [{ field: "employees", by }] });
    const first = await runNode(ex["data.upsert"]!, workspaceId, cfg(1), null);
    expect(first.output).toMatchObject({ outcome: "created", record: { employees: 1 } });
    const second = await runNode(ex["data.upsert"]!, workspaceId, cfg("2"), null);
    expect(second.output).toMatchObject({ outcome: "updated", record: { employees: 3 } });
    await expect(runNode(ex["data.upsert"]!, workspaceId, cfg("lots"), null)).rejects.toMatchObject({ code: "DATA_VALIDATION", retryable: false });
    // The same step run again (same execution, node and scope): the count does not move.
    const exec = "22222222-2222-4222-8222-222222222222";
    expect((await runNode(ex["data.upsert"]!, workspaceId, cfg(1), null, exec)).output).toMatchObject({ record: { employees: 4 } });
    expect((await runNode(ex["data.upsert"]!, workspaceId, cfg(1), null, exec)).output).toMatchObject({ record: { employees: 4 } });
  });
});
