import { NonRetryableError } from "@/server/engine/errors";
import { defineExecutor } from "../executor";
import { stopErrorNode } from "../catalog/stop-error";

export const stopErrorRun = defineExecutor(stopErrorNode, async (ctx) => {
  throw new NonRetryableError(String(ctx.config.message), ctx.config.code);
});
