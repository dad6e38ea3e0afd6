import { describe, expect, it } from "vitest";
import { defineTable } from "./field-types";
import { planSchemaChange, type StoredRow } from "./schema-change";

const table = defineTable({
  name: "Leads",
  uniqueKey: ["email"],
  fields: [
    { key: "email", label: "E-mail", type: "email", required: true },
    { key: "employees", label: "Employees", type: "text" },
    { key: "tags", label: "Tags", type: "multi_select", options: ["VIP", "Press"] },
  ],
});
const rows: StoredRow[] = [
  { id: "r1", values: { email: "a@x.com", employees: "12", tags: ["VIP"] } },
  { id: "r2", values: { email: "b@x.com", employees: " 1,200 " } },
  { id: "r3", values: { email: "c@x.com", employees: "about 50" } },
  { id: "r4", values: { email: "d@x.com" } },
];

describe("planSchemaChange", () => {
  it("add with a default fills every row", () => {
    const r = planSchemaChange(table, { kind: "add", field: { key: "country", label: "Country", type: "text", default: "UK" } }, rows);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.changed).toBe(4);
    expect(r.rows.map((x) => x.values.country)).toEqual(["UK", "UK", "UK", "UK"]);
    expect(r.table.fields.map((f) => f.key)).toEqual(["email", "employees", "tags", "country"]);
  });

  it("add of a required field without default lists every row", () => {
    const r = planSchemaChange(table, { kind: "add", field: { key: "owner", label: "Owner", type: "text", required: true } }, rows.slice(0, 2));
    expect(r).toEqual({
      ok: false,
      broken: [
        { id: "r1", reason: "Owner is required, but this row has no value and the field has no default" },
        { id: "r2", reason: "Owner is required, but this row has no value and the field has no default" },
      ],
    });
    expect(planSchemaChange(table, { kind: "add", field: { key: "owner", label: "Owner", type: "text", required: true } }, []).ok).toBe(true);
  });

  it("add refuses a default that does not fit and a key that exists", () => {
    expect(planSchemaChange(table, { kind: "add", field: { key: "p", label: "Phone", type: "phone", defaultCountry: "GB", default: "12" } }, rows)).toEqual({
      ok: false,
      error: "The default value does not fit the field: Phone: '12' is not a valid phone number for GB",
    });
    expect(planSchemaChange(table, { kind: "add", field: { key: "email", label: "Mail 2", type: "text" } }, rows)).toEqual({ ok: false, error: "Two fields use the key 'email'" });
  });

  it("rename moves values and follows the unique key", () => {
    const r = planSchemaChange(table, { kind: "rename", from: "email", to: "work_email", label: "Work e-mail" }, rows);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.table.uniqueKey).toEqual(["work_email"]);
    expect(r.table.fields[0]).toMatchObject({ key: "work_email", label: "Work e-mail" });
    expect(r.rows[0]?.values).toEqual({ work_email: "a@x.com", employees: "12", tags: ["VIP"] });
    expect(r.changed).toBe(4);
    expect(planSchemaChange(table, { kind: "rename", from: "email", to: "tags" }, rows)).toEqual({ ok: false, error: "Two fields use the key 'tags'" });
    expect(planSchemaChange(table, { kind: "rename", from: "nope", to: "x" }, rows)).toEqual({ ok: false, error: "There is no field 'nope' in Leads" });
  });

  it("retype text → number converts what it can and lists the rest", () => {
    const change = { kind: "retype", field: { key: "employees", label: "Employees", type: "number" } } as const;
    expect(planSchemaChange(table, change, rows)).toEqual({ ok: false, broken: [{ id: "r3", reason: "Employees: 'about 50' is not a number" }] });
    const r = planSchemaChange(table, change, rows.filter((x) => x.id !== "r3"));
    expect(r.ok && r.rows.map((x) => x.values.employees)).toEqual([12, 1200, undefined]);
    expect(r.ok && r.changed).toBe(2);
  });

  it("retype multi select → text joins the choices; tightening rules lists violators", () => {
    const r = planSchemaChange(table, { kind: "retype", field: { key: "tags", label: "Tags", type: "text" } }, rows);
    expect(r.ok && r.rows[0]?.values.tags).toBe("VIP");
    const strict = planSchemaChange(table, { kind: "retype", field: { key: "employees", label: "Employees", type: "text", required: true } }, rows);
    expect(strict).toEqual({ ok: false, broken: [{ id: "r4", reason: "Employees is required" }] });
  });

  it("retype of a key field refuses when two rows would collide", () => {
    const t = defineTable({ name: "C", uniqueKey: ["code"], fields: [{ key: "code", label: "Code", type: "text", normalize: { case: "none" } }] });
    const rs: StoredRow[] = [
      { id: "a", values: { code: "007" } },
      { id: "b", values: { code: "7" } },
      { id: "c", values: { code: "8" } },
    ];
    expect(planSchemaChange(t, { kind: "retype", field: { key: "code", label: "Code", type: "number" } }, rs)).toEqual({
      ok: false,
      broken: [{ id: "b", reason: "would have the same Code as row a" }],
    });
  });
});
