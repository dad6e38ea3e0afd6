import { describe, expect, it } from "vitest";
import fc from "fast-check";
import jsonata from "jsonata";
import { evaluateExpression, readStringCall, type ExpressionContext } from "./expression";

/** What plain JSONata (no direct path) makes of an expression: its value, or "error". */
async function viaJsonata(source: string, ctx: ExpressionContext): Promise<unknown> {
  try {
    return await jsonata(source).evaluate({ ...ctx });
  } catch {
    return "error";
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("  Ada  ", "\tLead 7\r\n", "A  B", "ÀÉÎ straße", "İstanbul", "\u00a0nbsp\u00a0", "a\u2028b", " ", "", "x\n\n y"),
  fc.stringMatching(/^[ \t\n\rA-Za-z\u00a0\u00df]{0,10}$/),
);
const value = fc.oneof({ arbitrary: text, weight: 4 }, fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant([" a ", "B"]), fc.constant({ a: " x " }));
const fn = fc.constantFrom("trim", "lowercase", "uppercase");
const path = fc.constantFrom("trigger.body.a", "trigger.body.a", "steps.s.n", "steps.s.n", "trigger.body.missing", "trigger.body", "vars.x");
const call = fc.tuple(fc.array(fn, { minLength: 1, maxLength: 3 }), path, fc.constantFrom("", " ")).map(([fns, p, pad]) => fns.reduceRight<string>((inner, f) => `$${f}(${pad}${inner}${pad})`, p));

describe("string clean-up calls read without JSONata", () => {
  it("give exactly what JSONata gives, or leave the expression to it", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(call, value, value, async (source, a, n) => {
        const ctx: ExpressionContext = { trigger: { body: { a } }, steps: { s: { n } }, item: null, vars: {} };
        const direct = readStringCall(source, ctx);
        if (direct === undefined) return;
        answered++;
        expect(direct.value).toBe(await viaJsonata(source, ctx));
      }),
      { numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(500);
  });

  it("answers only the shapes it knows", () => {
    const ctx: ExpressionContext = { trigger: { body: { email: " Ada@Example.COM ", n: 5 } }, steps: {}, item: null, vars: {} };
    expect(readStringCall("$lowercase($trim(trigger.body.email))", ctx)).toEqual({ value: "ada@example.com" });
    expect(readStringCall("$trim(trigger.body.email) & $trim(trigger.body.email)", ctx)).toBeUndefined();
    expect(readStringCall("$trim(trigger.body.n)", ctx)).toBeUndefined();
    expect(readStringCall("$substring(trigger.body.email, 1)", ctx)).toBeUndefined();
    expect(readStringCall("$trim(process.env)", ctx)).toBeUndefined();
  });

  it("keep JSONata's errors and safety checks for what they do not answer", async () => {
    const ctx: ExpressionContext = { trigger: { body: { n: 5, c: { constructor: "x" } } }, steps: {}, item: null, vars: {} };
    await expect(evaluateExpression("$lowercase(trigger.body.n)", ctx)).rejects.toThrow(/argument/i);
    await expect(evaluateExpression("$trim(trigger.body.c.constructor)", ctx)).rejects.toThrow(/cannot be used/);
  });
});

describe("templates rendered without waiting", () => {
  const ctx: ExpressionContext = { trigger: { body: { name: "  Ada ", n: 7, ok: true, list: [1, 2], obj: { a: 1 } } }, steps: { s: { email: "A@B.C" } }, item: null, vars: {} };
  const templates = [
    "plain text",
    "{{ trigger.body.name }}",
    "{{ trigger.body.n }}",
    "{{ trigger.body.ok }}",
    "Hi {{ $trim(trigger.body.name) }}, you have {{ trigger.body.n }} ({{ trigger.body.ok }})",
    "{{ $lowercase(steps.s.email) }}",
    "{{ trigger.body.list }}",
    "{{ trigger.body.obj }}",
    "{{ trigger.body.missing }}",
    "x{{ trigger.body.missing }}y",
    "{{ trigger.body.n + 1 }}",
    "{{ trigger.body.",
    "{{ }}",
  ];

  it("gives what renderTemplate gives, or leaves the template to it", async () => {
    const { renderTemplate, renderTemplateDirect } = await import("./template");
    let answered = 0;
    for (const text of templates) {
      const direct = renderTemplateDirect(text, ctx);
      const viaAsync = await renderTemplate(text, ctx).then(
        (v) => ({ value: v }),
        () => "error" as const,
      );
      if (!direct) continue;
      answered++;
      expect(viaAsync, text).not.toBe("error");
      expect(direct.value, text).toEqual((viaAsync as { value: unknown }).value);
    }
    expect(answered).toBe(6);
  });
});
