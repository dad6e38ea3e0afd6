import { NonRetryableError } from "@/server/engine/errors";
import { defineExecutor } from "../executor";
import { callWorkflowNode } from "../catalog/call-workflow";

// The runtime starts the child (server/runtime/child.ts); this node only asks for it and, when
// woken, turns the child's outcome into its own.
export const callWorkflowRun = defineExecutor(callWorkflowNode, async (ctx) => {
  const r = ctx.resume;
  if (r?.kind === "child") {
    if (r.status === "succeeded") return { output: r.result ?? null };
    throw new NonRetryableError(`Called workflow ${r.status === "canceled" ? "was canceled" : `failed: ${r.error?.message ?? "unknown error"}`}`, "CHILD_FAILED", { executionId: r.executionId, error: r.error });
  }
  const input = ctx.config.input === "" ? ctx.input : (ctx.config.input as unknown);
  return { call: { workflowId: ctx.config.workflowId, input: input ?? null, wait: ctx.config.waitForResult } };
});
