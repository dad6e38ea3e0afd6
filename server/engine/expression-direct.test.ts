import { describe, expect, it } from "vitest";
import fc from "fast-check";
import jsonata from "jsonata";
import { evaluateDirect, evaluateExpression, type ExpressionContext } from "./expression";

/** What plain JSONata (no direct path) makes of an expression, or "error". */
async function viaJsonata(source: string, ctx: ExpressionContext): Promise<unknown> {
  try {
    const v: unknown = await jsonata(source).evaluate({ ...ctx });
    // As evaluateExpression hands results back: objects as plain JSON, other values as they are.
    return v !== null && typeof v === "object" ? (JSON.parse(JSON.stringify(v)) as unknown) : v;
  } catch {
    return "error";
  }
}

const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("  Ada  ", "\tLead 7\r\n", "A  B", "ÀÉÎ straße", "İstanbul", "\u00a0nbsp\u00a0", "a\u2028b", " ", "", "x\n\n y", "50", "b"),
  fc.stringMatching(/^[ \t\n\rA-Za-z\u00a0\u00df]{0,10}$/),
);
const value = fc.oneof(
  { arbitrary: text, weight: 4 },
  { arbitrary: fc.oneof(fc.integer({ min: -100, max: 100 }), fc.double({ noNaN: true, noDefaultInfinity: true })), weight: 3 },
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant([" a ", "B"]),
  fc.constant([[1], [2, 3]]),
  fc.constant({ a: " x ", n: 2 }),
);
const path = fc.constantFrom("trigger.body.a", "trigger.body.b", "steps.s.n", "steps.s", "trigger.body.missing", "trigger.body", "trigger.body.a.deeper", "vars.x");
const literal = fc.constantFrom('"x"', '" Y "', "0", "50", "2.5", "true", "false", "null");

/** Random expressions from the plain subset and a little beyond it (so that bailing out is tested too). */
const expr: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    path,
    literal,
    fc.tuple(fc.constantFrom("trim", "lowercase", "uppercase", "exists", "string", "length"), tie("e")).map(([f, a]) => `$${f}(${a})`),
    fc.tuple(tie("e"), tie("e"), tie("e")).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(tie("e"), tie("e")).map(([a, b]) => `{ "k": ${a}, "m": ${b} }`),
    fc.tuple(tie("e"), fc.constantFrom("=", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "and", "or", "&"), tie("e")).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
})).e;

describe("plain expressions evaluated without JSONata", () => {
  it("give exactly what JSONata gives, or leave the expression to it", async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(expr, value, value, value, async (source, a, b, n) => {
        const ctx: ExpressionContext = { trigger: { body: { a, b } }, steps: { s: { n } }, item: null, vars: {} };
        const direct = evaluateDirect(source, ctx);
        if (direct === undefined) return;
        answered++;
        expect(direct.value, source).toEqual(await viaJsonata(source, ctx));
      }),
      { numRuns: 4000 },
    );
    expect(answered).toBeGreaterThan(1000);
  });

  it("answers the common shapes, and leaves the rest to JSONata", () => {
    const ctx: ExpressionContext = { trigger: { body: { email: " Ada@Example.COM ", n: 5, list: [1] } }, steps: { enterprise: { segment: "enterprise" } }, item: null, vars: {} };
    expect(evaluateDirect("$lowercase($trim(trigger.body.email))", ctx)).toEqual({ value: "ada@example.com" });
    expect(evaluateDirect("$exists(steps.enterprise) ? steps.enterprise : steps.smb", ctx)).toEqual({ value: { segment: "enterprise" } });
    expect(evaluateDirect('{ "error": "No @", "n": trigger.body.n * 2 }', ctx)).toEqual({ value: { error: "No @", n: 10 } });
    expect(evaluateDirect("$trim(trigger.body.n)", ctx)).toBeUndefined();
    expect(evaluateDirect("trigger.body.list", ctx)).toBeUndefined();
    expect(evaluateDirect("$substring(trigger.body.email, 1)", ctx)).toBeUndefined();
    expect(evaluateDirect("$trim(process.env)", ctx)).toBeUndefined();
    expect(evaluateDirect("trigger.constructor", ctx)).toBeUndefined();
  });

  it("keep JSONata's errors and safety checks for what they do not answer", async () => {
    const ctx: ExpressionContext = { trigger: { body: { n: 5, c: { constructor: "x" } } }, steps: {}, item: null, vars: {} };
    await expect(evaluateExpression("$lowercase(trigger.body.n)", ctx)).rejects.toThrow(/argument/i);
    await expect(evaluateExpression("$trim(trigger.body.c.constructor)", ctx)).rejects.toThrow(/cannot be used/);
    await expect(evaluateExpression("process.env", ctx)).rejects.toThrow(/Unknown name/);
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
    expect(answered).toBe(10);
  });
});
