import { defineExecutor } from "../executor";
import { ifExpression, ifNode } from "../catalog/if";
import { evaluateConditionsDirect } from "@/server/engine/conditions-direct";
import { mayReadSteps } from "@/server/engine/expression";

export const ifRun = defineExecutor(ifNode, async (ctx) => {
  const config = ctx.config;
  const direct =
    config.mode === "conditions"
      ? evaluateConditionsDirect(config.groups, config.combinator, await ctx.expressionContext(config.groups.some((g) => g.conditions.some((c) => mayReadSteps(c.field) || (typeof c.value === "string" && mayReadSteps(c.value))))))
      : undefined;
  const value = direct ?? (await ctx.evaluate(ifExpression(config)));
  return { output: ctx.input ?? null, handle: value === true ? "true" : "false" };
});
