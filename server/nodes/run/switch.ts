import { defineExecutor } from "../executor";
import { switchNode } from "../catalog/switch";

export const switchRun = defineExecutor(switchNode, async (ctx) => {
  for (const route of ctx.config.routes) {
    if ((await ctx.evaluate(route.expression)) === true) return { output: ctx.input ?? null, handle: route.key };
  }
  return { output: ctx.input ?? null, handle: "default" };
});
