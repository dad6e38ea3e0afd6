// Node types used only by tests and the benchmark.
import { z } from "zod";
import { defineNode } from "@/server/nodes/define-node";
import { defineExecutor, type NodeExecutor } from "@/server/nodes/executor";
import { NonRetryableError, RetryAfterError } from "@/server/engine/errors";

/** Fails its first `failTimes` attempts (retryable), then succeeds with { attempt }. */
export const flakyNode = defineNode({
  type: "test.flaky",
  version: 1,
  kind: "action",
  label: "Flaky",
  category: "Logic",
  icon: "bug",
  description: "test",
  config: z.object({ failTimes: z.number().int().default(0), nonRetryable: z.boolean().default(false), retryAfterMs: z.number().optional() }),
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
  retry: { maxAttempts: 3, initialDelayMs: 20, factor: 2, maxDelayMs: 100 },
});

/** A side effect: appends to an in-memory journal keyed by the idempotency key. */
export const effectJournal: Array<{ key: string; attempt: number; at: number }> = [];
export const effectNode = defineNode({
  type: "test.effect",
  version: 1,
  kind: "action",
  label: "Effect",
  category: "Integrations",
  icon: "zap",
  description: "test",
  config: z.object({ sleepMs: z.number().int().default(0), value: z.string().default("").meta({ template: true }) }),
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
});

/** Declared here for validation; its executor lives in worker-process.ts (needs its own pool). */
export const dbEffectNode = defineNode({
  type: "test.dbEffect",
  version: 1,
  kind: "action",
  label: "DB effect",
  category: "Integrations",
  icon: "database",
  description: "test",
  config: z.object({ sleepMs: z.number().int().default(0) }),
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
});

/** A pure node with a big output, a big error and/or big logs (step data cap tests). */
export const bigNode = defineNode({
  type: "test.big",
  version: 1,
  kind: "action",
  label: "Big",
  category: "Logic",
  icon: "database",
  description: "test",
  config: z.object({ bytes: z.number().int().default(0), errorBytes: z.number().int().default(0), logBytes: z.number().int().default(0) }),
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});

export const testExecutors: readonly NodeExecutor[] = [
  defineExecutor(bigNode, async (ctx) => {
    if (ctx.config.logBytes > 0) ctx.log("info", "a big log entry", { blob: "l".repeat(ctx.config.logBytes) });
    if (ctx.config.errorBytes > 0) throw new NonRetryableError("the remote answered with a huge error", "TEST_BIG", { blob: "e".repeat(ctx.config.errorBytes) });
    return { output: { size: ctx.config.bytes, blob: "x".repeat(ctx.config.bytes) } };
  }),
  defineExecutor(flakyNode, async (ctx) => {
    if (ctx.attempt <= ctx.config.failTimes) {
      if (ctx.config.nonRetryable) throw new NonRetryableError(`failure on attempt ${ctx.attempt}`, "TEST_FAIL");
      if (ctx.config.retryAfterMs !== undefined) throw new RetryAfterError("slow down", ctx.config.retryAfterMs);
      throw new Error(`failure on attempt ${ctx.attempt}`);
    }
    return { output: { attempt: ctx.attempt, input: ctx.input ?? null } };
  }),
  defineExecutor(effectNode, async (ctx) => {
    if (ctx.config.sleepMs > 0) await new Promise((r) => setTimeout(r, ctx.config.sleepMs));
    effectJournal.push({ key: ctx.idempotencyKey, attempt: ctx.attempt, at: Date.now() });
    return { output: { value: ctx.config.value, key: ctx.idempotencyKey } };
  }),
] as unknown as readonly NodeExecutor[];
