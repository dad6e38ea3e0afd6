import { NonRetryableError } from "@/server/engine/errors";
import { defineExecutor } from "../executor";
import { delayNode } from "../catalog/delay";

const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

// First run: park the step (no worker sleeps). When it wakes, pass the input on.
export const delayRun = defineExecutor(delayNode, async (ctx) => {
  if (ctx.resume?.kind === "wait") return { output: ctx.input ?? null };
  if (ctx.config.mode === "duration") return { wait: { delayMs: Math.round(ctx.config.amount * UNIT_MS[ctx.config.unit]) } };
  const until = ctx.config.until as unknown;
  const ms = typeof until === "number" ? until : Date.parse(String(until));
  if (!Number.isFinite(ms)) throw new NonRetryableError(`"${String(until)}" is not a date`, "BAD_DATE");
  return { wait: { untilMs: ms } };
});
