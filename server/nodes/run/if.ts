import { defineExecutor } from "../executor";
import { ifExpression, ifNode } from "../catalog/if";

export const ifRun = defineExecutor(ifNode, async (ctx) => {
  const value = await ctx.evaluate(ifExpression(ctx.config));
  return { output: ctx.input ?? null, handle: value === true ? "true" : "false" };
});
