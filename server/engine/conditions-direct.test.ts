import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { compileConditions, CONDITION_OPERATORS, type ConditionGroup } from "./conditions";
import { evaluateConditionsDirect } from "./conditions-direct";
import { evaluateExpression, type ExpressionContext } from "./expression";

/** What the If node decides through JSONata: true, false, or the error it raises. */
async function viaJsonata(groups: ConditionGroup[], combinator: "and" | "or", ctx: ExpressionContext): Promise<boolean | "error"> {
  try {
    return (await evaluateExpression(compileConditions(groups, combinator), ctx)) === true;
  } catch {
    return "error";
  }
}

const primitive = fc.oneof(fc.constantFrom<string | number | boolean>("", " ", "a", "abc", "ABC", "@", "x@y", "50", "049", "1e3", "true", "null", 0, 1, 50, -0, true, false), fc.string({ maxLength: 4 }), fc.integer({ min: -100, max: 100 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
const value = fc.oneof(primitive, fc.constant(undefined), fc.constantFrom("{{ trigger.body.a }}", "{{ 50 }}"));
const field = fc.constantFrom("trigger.body.a", "trigger.body.b", "{{ trigger.body.a }}", "trigger.body.missing", "trigger.body.list", "trigger.body.obj", "steps.s.n", "trigger.body");
const condition = fc.record({ field, operator: fc.constantFrom(...CONDITION_OPERATORS), value });
const groups = fc.array(fc.record({ combinator: fc.constantFrom("and" as const, "or" as const), conditions: fc.array(condition, { minLength: 1, maxLength: 3 }) }), { maxLength: 3 });

const contextOf = (a: unknown, b: unknown, n: unknown): ExpressionContext => ({ trigger: { body: { a, b, list: [a, b], obj: { a } } }, steps: { s: { n } }, item: null, vars: {} });

describe("If conditions evaluated without JSONata", () => {
  it("decide each operator exactly as the compiled JSONata does, or leave the decision to it", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(condition, primitive, primitive, primitive, async (c, a, b, n) => {
        const gs: ConditionGroup[] = [{ combinator: "and", conditions: [c] }];
        const ctx = contextOf(a, b, n);
        const direct = evaluateConditionsDirect(gs, "and", ctx);
        if (direct === undefined) return;
        answered++;
        expect(direct).toBe(await viaJsonata(gs, "and", ctx));
      }),
      { numRuns: 4000 },
    );
    expect(answered).toBeGreaterThan(600);
  });

  it("combine groups exactly as the compiled JSONata does", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(groups, fc.constantFrom("and" as const, "or" as const), primitive, primitive, primitive, async (gs, combinator, a, b, n) => {
        const ctx = contextOf(a, b, n);
        const direct = evaluateConditionsDirect(gs, combinator, ctx);
        if (direct === undefined) return;
        answered++;
        expect(direct).toBe(await viaJsonata(gs, combinator, ctx));
      }),
      { numRuns: 2000 },
    );
    // The comparison is only worth something if the direct path answered often.
    expect(answered).toBeGreaterThan(300);
  });

  it("answers the webhook flow's conditions directly", () => {
    const ctx: ExpressionContext = { trigger: { body: { email: "ada@example.com", name: "Ada" } }, steps: { normalize: { employees: 70 } }, item: null, vars: {} };
    const valid: ConditionGroup[] = [{ combinator: "and", conditions: [{ field: "trigger.body.email", operator: "contains", value: "@" }, { field: "trigger.body.name", operator: "isNotEmpty" }] }];
    expect(evaluateConditionsDirect(valid, "and", ctx)).toBe(true);
    expect(evaluateConditionsDirect([{ combinator: "and", conditions: [{ field: "steps.normalize.employees", operator: "gte", value: "50" }] }], "and", ctx)).toBe(true);
    // A missing field is JSONata's to decide (undefined has its own rules there).
    expect(evaluateConditionsDirect([{ combinator: "and", conditions: [{ field: "trigger.body.phone", operator: "isEmpty" }] }], "and", ctx)).toBeUndefined();
  });
});
