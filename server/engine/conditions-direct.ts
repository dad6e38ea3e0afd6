// The condition builder evaluated in JavaScript, for the common case where every field is a plain
// path to a string, number or boolean and every value is typed in: an If step then costs
// microseconds instead of a JSONata evaluation (webhook flows in respond mode run several per
// request). Anything else answers undefined and the caller evaluates the compiled JSONata
// (compileConditions), so results and errors never differ; conditions-direct.test.ts checks
// that against JSONata on random inputs.
import type { Condition, ConditionGroup } from "./conditions";
import { fieldExpression } from "./conditions";
import { readSimplePath, type ExpressionContext } from "./expression";

type Primitive = string | number | boolean;
const NUMERIC = new Set(["gt", "gte", "lt", "lte"]);

/** The typed-in value as compileConditions writes it into JSONata; undefined for a `{{ }}` value. */
function literalValue(c: Condition): Primitive | null | undefined {
  const v = c.value;
  if (v === undefined) return null;
  if (typeof v !== "string") return v;
  const t = v.trim();
  if (t.startsWith("{{")) return undefined;
  if (NUMERIC.has(c.operator) && t !== "" && Number.isFinite(Number(t))) return Number(t);
  return v;
}

/** One condition, or undefined when only JSONata can answer it exactly. */
function conditionDirect(c: Condition, ctx: ExpressionContext): boolean | undefined {
  const read = readSimplePath(fieldExpression(c.field), ctx);
  if (!read) return undefined;
  const f = read.value as Primitive;
  switch (c.operator) {
    case "isEmpty":
      return f === "";
    case "isNotEmpty":
      return f !== "";
    case "isTrue":
      return f === true;
    case "isFalse":
      return f === false;
  }
  const v = literalValue(c);
  if (v === undefined) return undefined;
  switch (c.operator) {
    case "equals":
      return f === v;
    case "notEquals":
      return f !== v;
    case "contains":
    case "notContains":
      if (typeof f !== "string" || typeof v !== "string") return undefined;
      return f.includes(v) === (c.operator === "contains");
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      // JSONata compares two numbers or two strings and raises an error otherwise.
      if (typeof f !== typeof v || (typeof f !== "number" && typeof f !== "string")) return undefined;
      const a = f as number | string;
      const b = v as number | string;
      return c.operator === "gt" ? a > b : c.operator === "gte" ? a >= b : c.operator === "lt" ? a < b : a <= b;
    }
    default:
      return undefined;
  }
}

/** The whole builder, or undefined when any condition needs JSONata. */
export function evaluateConditionsDirect(groups: ConditionGroup[], combinator: "and" | "or", ctx: ExpressionContext): boolean | undefined {
  if (groups.length === 0) return true;
  const results: boolean[] = [];
  for (const g of groups) {
    const values: boolean[] = [];
    for (const c of g.conditions) {
      const r = conditionDirect(c, ctx);
      if (r === undefined) return undefined;
      values.push(r);
    }
    results.push(g.combinator === "and" ? values.every(Boolean) : values.some(Boolean));
  }
  return combinator === "and" ? results.every(Boolean) : results.some(Boolean);
}
