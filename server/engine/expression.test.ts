import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { evaluateExpression, checkExpression, type ExpressionContext } from "./expression";
import { renderTemplate, parseTemplate } from "./template";

const ctx: ExpressionContext = {
  trigger: { body: { name: "Ada", amount: 42, tags: ["a", "b"], evil: "{{ vars.secret }}" } },
  steps: { Fetch: { status: 200, items: [{ id: 1 }, { id: 2 }] } },
  item: { id: 7 },
  vars: { secret: "s3cr3t", executionId: "e1" },
};

describe("expressions", () => {
  it("evaluates JSONata over trigger, steps, item and vars", async () => {
    expect(await evaluateExpression("trigger.body.amount * 2", ctx)).toBe(84);
    expect(await evaluateExpression("steps.Fetch.items.id", ctx)).toEqual([1, 2]);
    expect(await evaluateExpression("item.id", ctx)).toBe(7);
    expect(await evaluateExpression("$count(trigger.body.tags)", ctx)).toBe(2);
    expect(await evaluateExpression("$$.vars.executionId", ctx)).toBe("e1");
  });

  it("uses the injected clock for $now and $millis", async () => {
    expect(await evaluateExpression("$millis()", ctx, { nowMs: 1000 })).toBe(1000);
    expect(await evaluateExpression("$now()", ctx, { nowMs: 0 })).toBe("1970-01-01T00:00:00.000Z");
  });

  it("reports syntax errors with a position", () => {
    const e = checkExpression("trigger.body.(");
    expect(e?.message).toMatch(/position \d+/);
  });

  it("stops an endless loop at the time limit and the process goes on", async () => {
    const endless = "($f := function($n){ $f($n + 1) }; $f(0))";
    // Rejecting with the limit's error is the proof that it stopped (a hang would hit the test timeout).
    await expect(evaluateExpression(endless, ctx, { limits: { timeoutMs: 50, maxDepth: 100_000, maxSequence: 1000 } })).rejects.toThrow(/too long|too deeply/);
    expect(await evaluateExpression("1 + 1", ctx)).toBe(2);
  });

  it("stops deep recursion at the depth limit", async () => {
    const deep = "($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))";
    await expect(evaluateExpression(deep, ctx)).rejects.toThrow(/too deeply|too long/);
    expect(await evaluateExpression("($f := function($n){ $n = 0 ? 0 : 1 + $f($n - 1) }; $f(10))", ctx)).toBe(10);
  });

  it("refuses huge sequences and nested-quantifier regexes", async () => {
    await expect(evaluateExpression("$count([1..10000000].($ * 2))", ctx)).rejects.toThrow();
    await expect(evaluateExpression('$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /(a+)+$/)', ctx)).rejects.toThrow(/nested repetition/);
    await expect(evaluateExpression('$pad("x", 100000000)', ctx)).rejects.toThrow(/limited/);
  });
});

// Known sandbox-escape shapes (n8n CVE-2025-68613 class, JSONata CVE-2024-27307 class and friends).
const ESCAPES = [
  "constructor",
  "$.constructor",
  "trigger.constructor",
  "trigger.constructor.constructor('return process')()",
  "$string.constructor('return process')()",
  "$sum.constructor",
  "(function($x){$x}).constructor",
  "trigger.__proto__",
  "trigger.__proto__.polluted",
  "trigger.prototype",
  "$lookup(trigger, 'constructor')",
  "$lookup(trigger, '__proto__')",
  "$lookup(trigger, 'con' & 'structor')",
  "process",
  "process.env",
  "$process",
  "require",
  "require('child_process')",
  "$require('fs')",
  "globalThis",
  "$globalThis",
  "global.process",
  "this.process",
  "$eval('1+1')",
  "$eval(trigger.body.evil)",
  "$env",
  "$merge([{}, {'__proto__': {'polluted': true}}])",
  "trigger ~> | $ | {'__proto__': {'polluted': true}} |",
  "trigger ~> | $ | {'constructor': {'prototype': {'polluted': true}}} |",
  "{'__proto__': {'polluted': true}}",
  "$Function('return process')()",
];

describe("expression sandbox", () => {
  for (const src of ESCAPES) {
    it(`refuses ${src}`, async () => {
      await expect(evaluateExpression(src, ctx)).rejects.toThrow();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty("polluted");
    });
  }

  it("keys built at run time cannot pollute Object.prototype", async () => {
    for (const src of [
      "$merge([{}, {('__pro' & 'to__'): {'polluted': true}}])",
      "{('__pro' & 'to__'): {'polluted': true}}",
      "trigger ~> | $ | {('__pro' & 'to__'): {'polluted': true}} |",
      "$spread({('__pro' & 'to__'): 1})",
    ]) {
      await evaluateExpression(src, ctx).catch(() => undefined);
      expect(({} as Record<string, unknown>).polluted, src).toBeUndefined();
    }
  });

  it("fuzz: random expressions never crash the host, escape or pollute", async () => {
    const atoms = ["trigger", "steps", "item", "vars", "$", "$$", "constructor", "__proto__", "prototype", "process", "require", "body", "1", "'x'", "[1,2]", "{'a':1}", "$string", "$keys", "$lookup", "$merge", "$eval", "$each", "$sift", "true", "null"];
    const ops = [".", "&", "+", "=", "~>", ",", "(", ")", "[", "]", "{", "}", ":", "|", "?", ";", ":=", "$x", "function($x){$x}"];
    const tokens = fc.array(fc.constantFrom(...atoms, ...ops), { minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(tokens, async (ts) => {
        const src = ts.join("");
        let result: unknown;
        try {
          result = await evaluateExpression(src, ctx, { limits: { timeoutMs: 50, maxDepth: 100, maxSequence: 1000 } });
        } catch {
          result = undefined;
        }
        expect(typeof result).not.toBe("function");
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        expect(JSON.stringify(result ?? null)).not.toContain("s3cr3t_env");
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) },
    );
  });
});

describe("templates", () => {
  it("mixes text and expressions, and keeps the type of a single expression", async () => {
    expect(await renderTemplate("Hello {{ trigger.body.name }}, you owe {{ trigger.body.amount }}!", ctx)).toBe("Hello Ada, you owe 42!");
    expect(await renderTemplate("{{ trigger.body.amount }}", ctx)).toBe(42);
    expect(await renderTemplate("{{ trigger.body.tags }}", ctx)).toEqual(["a", "b"]);
    expect(await renderTemplate("tags: {{ trigger.body.tags }}", ctx)).toBe('tags: ["a","b"]');
    expect(await renderTemplate("plain text", ctx)).toBe("plain text");
    expect(await renderTemplate('{{ {"a": {"b": 1}} }}', ctx)).toEqual({ a: { b: 1 } });
    expect(await renderTemplate('{{ "}}" }}', ctx)).toBe("}}");
  });

  it("a trigger payload containing {{ … }} arrives as that text, never evaluated", async () => {
    expect(await renderTemplate("{{ trigger.body.evil }}", ctx)).toBe("{{ vars.secret }}");
    expect(await renderTemplate("Got: {{ trigger.body.evil }}", ctx)).toBe("Got: {{ vars.secret }}");
  });

  it("errors name the position inside the template", async () => {
    await expect(renderTemplate("abc {{ trigger.( }}", ctx)).rejects.toThrow(/position \d+/);
    expect(() => parseTemplate("abc {{ trigger")).toThrow(/Unclosed/);
  });
});

describe("plain paths read directly", () => {
  const ctx = {
    trigger: { body: { email: "a@b.co", n: 3, ok: false, zero: 0, items: [{ name: "x" }, { name: "y" }], nested: { deep: { v: "d" } }, nil: null } },
    steps: { "Set fields": { a: 1 }, set: { a: 2 } },
    item: null,
    vars: { executionId: "e1" },
  };
  // The same expression in parentheses is not a plain path, so it always goes through JSONata.
  const both = async (src: string) => [await evaluateExpression(src, ctx), await evaluateExpression(`(${src})`, ctx)];
  it.each([
    "trigger.body.email",
    "trigger.body.n",
    "trigger.body.ok",
    "trigger.body.zero",
    "trigger.body.items.name",
    "trigger.body.nested.deep.v",
    "trigger.body.nested",
    "trigger.body.missing.x",
    "trigger.body.nil",
    "steps.set.a",
    "vars.executionId",
  ])("%s gives what JSONata gives", async (src) => {
    const [direct, viaJsonata] = await both(src);
    expect(direct).toEqual(viaJsonata);
  });

  it("still refuses unknown roots and forbidden names", async () => {
    await expect(evaluateExpression("process.env.X", ctx)).rejects.toThrow(/Unknown name/);
    await expect(evaluateExpression("trigger.constructor.name", ctx)).rejects.toThrow();
  });
});
