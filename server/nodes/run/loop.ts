import { NonRetryableError } from "@/server/engine/errors";
import { defineExecutor } from "../executor";
import { loopNode } from "../catalog/loop";

// The loop's step computes the item list; the interpreter then runs the body once per item.
export const loopRun = defineExecutor(loopNode, async (ctx) => {
  const raw = ctx.config.items === "" ? ctx.input : (ctx.config.items as unknown);
  const items = Array.isArray(raw) ? raw : raw === undefined || raw === null ? [] : [raw];
  if (items.length > ctx.config.maxItems) throw new NonRetryableError(`The loop got ${items.length} items; the limit is ${ctx.config.maxItems}`, "LOOP_TOO_MANY_ITEMS");
  return { output: items };
});
