import { z } from "zod";
import { defineNode } from "../define-node";
import { compileConditions, conditionGroupSchema } from "@/server/engine/conditions";

export const ifConfigSchema = z.object({
  mode: z.enum(["conditions", "expression"]).default("conditions").meta({ label: "Mode", widget: "select" }),
  combinator: z.enum(["and", "or"]).default("and").meta({ label: "Match", help: "Whether all groups or any group must match." }),
  groups: z.array(conditionGroupSchema).default([]).meta({ label: "Conditions", widget: "conditions", showWhen: { mode: ["conditions"] } }),
  expression: z.string().max(10_000).default("").meta({ label: "Expression", widget: "expression", help: "A JSONata expression; true takes the true branch.", showWhen: { mode: ["expression"] } }),
});
export type IfConfig = z.output<typeof ifConfigSchema>;

/** The JSONata expression an If node evaluates. */
export function ifExpression(config: IfConfig): string {
  return config.mode === "expression" ? config.expression || "false" : compileConditions(config.groups, config.combinator);
}

export const ifNode = defineNode({
  type: "logic.if",
  version: 1,
  kind: "action",
  label: "If",
  category: "Logic",
  icon: "git-branch",
  description: "Routes to true or false depending on conditions.",
  help: "Build conditions from a field, an operator and a value, grouped with AND / OR, or write a JSONata expression. The input passes through unchanged.",
  config: ifConfigSchema,
  outputs: ["true", "false"],
  sideEffect: false,
  canFail: true,
  expressions: (c) => [{ path: c.mode === "expression" ? "expression" : "groups", source: ifExpression(c) }],
});
