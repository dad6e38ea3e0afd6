import { describe, expect, it } from "vitest";
import { defineTable, fieldDefSchema, tableDefSchema } from "./field-types";
import { prepareRecord } from "./validate-record";

const leads = defineTable({
  name: "Leads",
  uniqueKey: ["email"],
  fields: [
    { key: "email", label: "E-mail", type: "email", required: true },
    { key: "name", label: "Name", type: "text", normalize: { collapseSpaces: true, case: "title" }, validation: { maxLength: 40 } },
    { key: "phone", label: "Phone", type: "phone", defaultCountry: "GB" },
    { key: "employees", label: "Employees", type: "number", validation: { min: 0, integer: true } },
    { key: "newsletter", label: "Newsletter", type: "boolean", default: false },
    { key: "status", label: "Status", type: "single_select", options: ["New", "Contacted", "Won"], default: "New" },
    { key: "tags", label: "Tags", type: "multi_select", options: ["VIP", "Partner", "Press"] },
    { key: "website", label: "Website", type: "url" },
    { key: "signed_up", label: "Signed up", type: "datetime", dateOnly: true, dateOrder: "DMY" },
    { key: "code", label: "Code", type: "text", validation: { pattern: "[A-Z]{3}-\\d{3}", patternMessage: "write it like ABC-123" } },
    { key: "extra", label: "Extra", type: "json" },
  ],
});

describe("prepareRecord", () => {
  it("coerces, normalizes, applies defaults and computes the key", () => {
    const r = prepareRecord(leads, {
      email: "  Ann@Example.COM ",
      name: "  ann   o'brien ",
      phone: "020 7946 0958",
      employees: "1,250",
      tags: "vip; press",
      website: "Example.com",
      signed_up: "31/01/2025",
      code: "ABC-123",
      extra: '{"a":[1,2]}',
    });
    expect(r).toEqual({
      ok: true,
      uniqueKey: '["ann@example.com"]',
      values: {
        email: "ann@example.com",
        name: "Ann O'Brien",
        phone: "+442079460958",
        employees: 1250,
        newsletter: false,
        status: "New",
        tags: ["VIP", "Press"],
        website: "https://example.com",
        signed_up: "2025-01-31",
        code: "ABC-123",
        extra: { a: [1, 2] },
      },
    });
  });

  it("reports every broken field in plain words", () => {
    const r = prepareRecord(leads, {
      email: "",
      phone: "12",
      employees: "-3",
      newsletter: "maybe",
      status: "Hot",
      tags: ["VIP", "Gold"],
      website: "ftp://x.org",
      signed_up: "2025-02-30",
      code: "abc",
      name: "x".repeat(41),
      nope: 1,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { field: "email", message: "E-mail is required" },
      { field: "name", message: "Name: is too long (41 characters; at most 40)" },
      { field: "phone", message: "Phone: '12' is not a valid phone number for GB" },
      { field: "employees", message: "Employees: must be at least 0, not -3" },
      { field: "newsletter", message: "Newsletter: 'maybe' is not yes or no" },
      { field: "status", message: "Status: 'Hot' is not one of the choices: New, Contacted, Won" },
      { field: "tags", message: "Tags: 'Gold' is not among the choices: VIP, Partner, Press" },
      { field: "website", message: "Website: 'ftp://x.org' is not a web address (only http and https are allowed)" },
      { field: "signed_up", message: "Signed up: '2025-02-30' is not a real date or time" },
      { field: "code", message: "Code: write it like ABC-123" },
      { field: "nope", message: "There is no field called 'nope' in Leads" },
    ]);
  });

  it("can ignore unknown fields", () => {
    expect(prepareRecord(leads, { email: "a@b.co", other: 1 }, { unknownFields: "ignore" }).ok).toBe(true);
  });

  it("gives the same key for the same person written differently", () => {
    const keys = ["ann@example.com", " ANN@example.com", "Ann <ann@EXAMPLE.com>", "mailto:ann@example.com"].map((email) => {
      const r = prepareRecord(leads, { email });
      return r.ok ? r.uniqueKey : r.errors;
    });
    expect(new Set(keys)).toEqual(new Set(['["ann@example.com"]']));
  });

  it("compound text keys fold case and spacing but keep the stored spelling", () => {
    const t = defineTable({
      name: "Companies",
      uniqueKey: ["name", "country"],
      fields: [
        { key: "name", label: "Name", type: "text" },
        { key: "country", label: "Country", type: "single_select", options: ["UK", "DE"] },
      ],
    });
    const a = prepareRecord(t, { name: "ACME  Ltd", country: "uk" });
    const b = prepareRecord(t, { name: "acme ltd", country: "UK" });
    expect(a).toEqual({ ok: true, values: { name: "ACME  Ltd", country: "UK" }, uniqueKey: '["acme ltd","uk"]' });
    expect(b.ok && b.uniqueKey).toBe('["acme ltd","uk"]');
    expect(prepareRecord(t, { country: "UK" })).toEqual({ ok: false, errors: [{ field: "name", message: "Name is needed because it identifies the record" }] });
  });

  it("partial updates check only the given fields", () => {
    expect(prepareRecord(leads, { phone: "07911 123456" }, { partial: true })).toEqual({ ok: true, values: { phone: "+447911123456" }, uniqueKey: null });
    expect(prepareRecord(leads, { email: "" }, { partial: true })).toEqual({ ok: false, errors: [{ field: "email", message: "E-mail is required" }] });
  });

  it("normalizes defaults too", () => {
    const t = defineTable({ name: "T", fields: [{ key: "p", label: "Phone", type: "phone", defaultCountry: "US", default: "(415) 555-2671" }] });
    expect(prepareRecord(t, {})).toEqual({ ok: true, values: { p: "+14155552671" }, uniqueKey: null });
  });
});

describe("table and field definitions", () => {
  it("fills rule defaults and carries form metadata", () => {
    const f = fieldDefSchema.parse({ key: "name", label: "Name", type: "text" });
    expect(f).toMatchObject({ required: false, normalize: { trim: true, collapseSpaces: false, case: "none" }, validation: {} });
  });
  it.each([
    [{ name: "T", fields: [{ key: "a", label: "A", type: "text" }, { key: "a", label: "B", type: "text" }] }, "Two fields use the key 'a'"],
    [{ name: "T", uniqueKey: ["b"], fields: [{ key: "a", label: "A", type: "text" }] }, "The unique key names 'b', which is not a field"],
    [{ name: "T", uniqueKey: ["j"], fields: [{ key: "j", label: "Data", type: "json" }] }, "Data (JSON) cannot be part of a unique key"],
    [{ name: "T", fields: [{ key: "Bad Key", label: "A", type: "text" }] }, "Use lower-case letters"],
    [{ name: "T", fields: [{ key: "p", label: "P", type: "phone", defaultCountry: "XX" }] }, "Unknown country code"],
    [{ name: "T", fields: [{ key: "t", label: "T", type: "text", validation: { pattern: "(" } }] }, "Not a valid pattern"],
    [{ name: "T", fields: [{ key: "d", label: "D", type: "datetime", timeZone: "Mars/Base" }] }, "Unknown time zone"],
  ])("refuses %#", (def, message) => {
    const r = tableDefSchema.safeParse(def);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain(message);
  });
});
