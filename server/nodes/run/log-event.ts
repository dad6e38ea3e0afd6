import { defineExecutor } from "../executor";
import { logEventNode } from "../catalog/log-event";

export const logEventRun = defineExecutor(logEventNode, async (ctx) => {
  const data = ctx.config.data === "" ? undefined : (ctx.config.data as unknown);
  ctx.log(ctx.config.level, String(ctx.config.message), data);
  return { output: ctx.input ?? null };
});
