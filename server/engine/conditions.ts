// The If node's condition builder (field, operator, value, AND/OR groups) compiles to one JSONata
// expression. The field is an expression written by the author; the value is a literal the author
// typed, emitted as a JSON string/number literal (JSONata accepts JSON escapes), or an inline
// `{{ expr }}`. Client-safe: the editor can show the compiled expression.
import { z } from "zod";
import { parseTemplate } from "./template";

export const CONDITION_OPERATORS = [
  "equals",
  "notEquals",
  "gt",
  "gte",
  "lt",
  "lte",
  "contains",
  "notContains",
  "startsWith",
  "endsWith",
  "isEmpty",
  "isNotEmpty",
  "isTrue",
  "isFalse",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
const UNARY: ReadonlySet<ConditionOperator> = new Set(["isEmpty", "isNotEmpty", "isTrue", "isFalse"]);
const NUMERIC: ReadonlySet<ConditionOperator> = new Set(["gt", "gte", "lt", "lte"]);

export const conditionSchema = z.object({
  field: z.string().min(1).meta({ label: "Field", help: "An expression, e.g. trigger.body.amount" }),
  operator: z.enum(CONDITION_OPERATORS).meta({ label: "Operator" }),
  value: z.union([z.string(), z.number(), z.boolean()]).optional().meta({ label: "Value" }),
});
export const conditionGroupSchema = z.object({
  combinator: z.enum(["and", "or"]).default("and"),
  conditions: z.array(conditionSchema).min(1),
});
export type Condition = z.output<typeof conditionSchema>;
export type ConditionGroup = z.output<typeof conditionGroupSchema>;

export function isUnaryOperator(op: ConditionOperator): boolean {
  return UNARY.has(op);
}

/** The whole builder: groups joined by the top combinator, conditions by the group's. */
export function compileConditions(groups: ConditionGroup[], combinator: "and" | "or"): string {
  if (groups.length === 0) return "true";
  return groups
    .map((g) => `(${g.conditions.map(compileCondition).join(` ${g.combinator} `)})`)
    .join(` ${combinator} `);
}

export function compileCondition(c: Condition): string {
  const f = `(${fieldExpression(c.field)})`;
  const v = valueExpression(c.value, NUMERIC.has(c.operator));
  switch (c.operator) {
    case "equals":
      return `(${f} = ${v})`;
    case "notEquals":
      return `(${f} != ${v})`;
    case "gt":
      return `(${f} > ${v})`;
    case "gte":
      return `(${f} >= ${v})`;
    case "lt":
      return `(${f} < ${v})`;
    case "lte":
      return `(${f} <= ${v})`;
    case "contains":
      return `($type(${f}) = "array" ? ${v} in ${f} : $contains($string(${f}), $string(${v})))`;
    case "notContains":
      return `$not($type(${f}) = "array" ? ${v} in ${f} : $contains($string(${f}), $string(${v})))`;
    case "startsWith":
      return `($substring($string(${f}), 0, $length($string(${v}))) = $string(${v}))`;
    case "endsWith":
      return `($substring($string(${f}), -$length($string(${v}))) = $string(${v}))`;
    case "isEmpty":
      return emptyTest(f);
    case "isNotEmpty":
      return `$not(${emptyTest(f)})`;
    case "isTrue":
      return `(${f} = true)`;
    case "isFalse":
      return `(${f} = false)`;
  }
}

function emptyTest(f: string): string {
  return `($not($exists(${f})) or ${f} = null or ${f} = "" or ($type(${f}) = "array" and $count(${f}) = 0) or ($type(${f}) = "object" and $count($keys(${f})) = 0))`;
}

/** A field may be written bare (`trigger.x`) or as a single template (`{{ trigger.x }}`). */
export function fieldExpression(field: string): string {
  const t = field.trim();
  if (t.startsWith("{{")) {
    const parts = parseTemplate(t);
    if (parts.length === 1 && parts[0]!.kind === "expr") return parts[0]!.source;
  }
  return t;
}

function valueExpression(value: Condition["value"], numeric: boolean): string {
  if (value === undefined) return "null";
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  const t = value.trim();
  if (t.startsWith("{{")) {
    const parts = parseTemplate(t);
    if (parts.length === 1 && parts[0]!.kind === "expr") return `(${parts[0]!.source})`;
  }
  if (numeric && t !== "" && Number.isFinite(Number(t))) return String(Number(t));
  return JSON.stringify(value);
}
