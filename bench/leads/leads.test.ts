import { describe, expect, it } from "vitest";
import { generateLeads } from "./leads";

describe("the load test's leads", () => {
  it("has 5% invalid and 10% duplicates that differ only in case and spacing", () => {
    const plan = generateLeads(10_000);
    expect(plan).toMatchObject({ invalid: 500, duplicates: 1000, uniqueValid: 8500 });
    const keys = plan.bodies.map((b) => (typeof b.email === "string" && /@/.test(b.email) && !/ at /.test(b.email) ? b.email.trim().toLowerCase() : null));
    const validKeys = keys.filter((k, i) => k && !("employees" in plan.bodies[i]! && (typeof plan.bodies[i]!.employees !== "number" || (plan.bodies[i]!.employees as number) < 0)));
    expect(new Set(validKeys).size).toBe(8500);
    expect(generateLeads(10_000).bodies).toEqual(plan.bodies);
  });
});
