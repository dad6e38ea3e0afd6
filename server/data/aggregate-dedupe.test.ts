import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregate } from "./aggregate";
import { dedupeItems } from "./dedupe";
import { getPath } from "./item-path";

const deals = [
  { segment: "smb", owner: { name: "Ann" }, amount: 0.1, email: "a@x.com" },
  { segment: "smb", owner: { name: "Bob" }, amount: 0.2, email: "b@x.com" },
  { segment: "enterprise", owner: { name: "Ann" }, amount: "1,000", email: "A@X.com" },
  { segment: "enterprise", owner: { name: "Ann" }, amount: "n/a", email: "c@x.com" },
  { segment: null, owner: { name: "Cy" }, amount: 5 },
];

describe("aggregate", () => {
  it("counts, sums and averages per group, skipping non-numbers", () => {
    const r = aggregate(deals, {
      groupBy: ["segment"],
      metrics: [{ op: "count" }, { op: "sum", field: "amount" }, { op: "avg", field: "amount", as: "avg" }, { op: "count_distinct", field: "owner.name", as: "owners" }],
    });
    expect(r.rows).toEqual([
      { segment: "smb", count: 2, sum_amount: 0.3, avg: 0.15, owners: 2 },
      { segment: "enterprise", count: 2, sum_amount: 1000, avg: 1000, owners: 1 },
      { segment: null, count: 1, sum_amount: 5, avg: 5, owners: 1 },
    ]);
    expect(r.skipped).toEqual({ sum_amount: 1, avg: 1 });
  });

  it("groups by nested paths and reports min/max", () => {
    const r = aggregate(deals, { groupBy: ["owner.name"], metrics: [{ op: "min", field: "amount" }, { op: "max", field: "amount" }, { op: "count", field: "email" }] });
    expect(r.rows).toEqual([
      { "owner.name": "Ann", min_amount: 0.1, max_amount: 1000, count_email: 3 },
      { "owner.name": "Bob", min_amount: 0.2, max_amount: 0.2, count_email: 1 },
      { "owner.name": "Cy", min_amount: 5, max_amount: 5, count_email: 0 },
    ]);
  });

  it("answers zeros for no items, and refuses clashing names", () => {
    expect(aggregate([], { metrics: [{ op: "count" }, { op: "sum", field: "a" }, { op: "avg", field: "a" }] }).rows).toEqual([{ count: 0, sum_a: 0, avg_a: null }]);
    expect(() => aggregate([], { metrics: [{ op: "count" }, { op: "sum", field: "a", as: "count" }] })).toThrow(/same output name/);
  });

  it("sum of integers equals the exact sum (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e6, max: 1e6 })), (xs) => {
        const r = aggregate(xs.map((v) => ({ v })), { metrics: [{ op: "sum", field: "v" }, { op: "count" }] });
        expect(r.rows[0]).toEqual({ sum_v: xs.reduce((a, b) => a + b, 0), count: xs.length });
      }),
    );
  });
});

describe("dedupeItems", () => {
  it("keeps the first by default, comparing after clean-up", () => {
    const r = dedupeItems(deals, { key: ["email"] });
    expect(r.unique.map((d) => d.email)).toEqual(["a@x.com", "b@x.com", "c@x.com", undefined]);
    expect(r.duplicates).toEqual([{ item: deals[2], index: 2, keptIndex: 0 }]);
    expect(r.missingKey).toEqual([4]);
  });
  it("keeps the last when asked, in the position of the kept item", () => {
    const r = dedupeItems(deals, { key: ["email"], keep: "last" });
    expect(r.unique.map((d) => d.email)).toEqual(["b@x.com", "A@X.com", "c@x.com", undefined]);
    expect(r.duplicates.map((d) => [d.index, d.keptIndex])).toEqual([[0, 2]]);
  });
  it("supports compound keys, key functions and exact comparison", () => {
    expect(dedupeItems(deals, { key: ["segment", "owner.name"] }).duplicates.map((d) => d.index)).toEqual([3]);
    expect(dedupeItems(deals, { key: (d) => d.owner.name }).unique).toHaveLength(3);
    expect(dedupeItems(deals, { key: ["email"], normalize: false }).duplicates).toEqual([]);
    const names = [{ n: "  Acme   Ltd " }, { n: "ACME LTD" }, { n: "Acme Ltd." }];
    expect(dedupeItems(names, { key: ["n"] }).unique).toEqual([{ n: "  Acme   Ltd " }, { n: "Acme Ltd." }]);
  });
  it("partitions the items (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ k: fc.constantFrom("a", "A", " a", "b", "", null) })), fc.boolean(), (xs, last) => {
        const r = dedupeItems(xs, { key: ["k"], keep: last ? "last" : "first" });
        expect(r.unique.length + r.duplicates.length).toBe(xs.length);
        const judged = r.unique.filter((x) => x.k !== null && x.k.trim() !== "");
        expect(new Set(judged.map((x) => x.k?.trim().toLowerCase())).size).toBe(judged.length);
        expect(r.missingKey).toHaveLength(xs.filter((x) => x.k === null || x.k.trim() === "").length);
      }),
    );
  });
});

describe("getPath", () => {
  it("reads own properties only", () => {
    expect(getPath({ a: { b: [1, { c: 2 }] } }, "a.b.1.c")).toBe(2);
    expect(getPath({}, "__proto__")).toBeUndefined();
    expect(getPath({ a: 1 }, "constructor.name")).toBeUndefined();
  });
});
