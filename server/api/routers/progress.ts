import { z } from "zod";
import { getExecution, subscribeToProgress } from "@/server/services/runs";
import type { ProgressEvent } from "@/server/runtime/progress";
import { router, viewerProcedure } from "../trpc";

const TERMINAL = new Set(["succeeded", "failed", "canceled"]);

export const progressRouter = router({
  /**
   * Live progress of one execution (server-sent events): step and execution status changes as
   * they are committed, ending when the execution does. The bus is LISTEN/NOTIFY on Postgres, so
   * events from worker processes on other machines arrive too.
   */
  onExecution: viewerProcedure.input(z.object({ id: z.string().max(64) })).subscription(async function* ({ ctx, input, signal }) {
    const current = await getExecution(ctx.db, ctx.workspaceId, input.id); // NOT_FOUND for other workspaces
    yield { type: "execution" as const, executionId: current.id, status: current.status };
    if (TERMINAL.has(current.status)) return;
    const queue: Exclude<ProgressEvent, { type: "wake" }>[] = [];
    let wake: (() => void) | undefined;
    const unsubscribe = subscribeToProgress(
      ctx.db,
      ctx.workspaceId,
      (e) => {
        queue.push(e);
        wake?.();
      },
      input.id,
    );
    try {
      while (!signal?.aborted) {
        if (queue.length === 0) {
          await new Promise<void>((resolve) => {
            wake = resolve;
            signal?.addEventListener("abort", () => resolve(), { once: true });
          });
          wake = undefined;
          continue;
        }
        const e = queue.shift()!;
        yield e.type === "step"
          ? { type: "step" as const, executionId: e.executionId, nodeId: e.nodeId, scope: e.scope, status: e.status, attempt: e.attempt }
          : { type: "execution" as const, executionId: e.executionId, status: e.status };
        if (e.type === "execution" && TERMINAL.has(e.status)) return;
      }
    } finally {
      unsubscribe();
    }
  }),
});
