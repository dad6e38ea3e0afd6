// Respond mode: the webhook request waits until a "Respond to webhook" step of its execution has
// succeeded (its output is the answer), the execution ends without one, or the timeout passes.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executionGraphs, executions, stepRuns } from "@/db/schema";
import { progressBus, type ProgressEvent } from "@/server/runtime/progress";

export interface WebhookReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export const RESPOND_NODE_TYPE = "trigger.respond";

/** A Respond step's output as the HTTP answer, or null if it is not one. */
export function toReply(output: unknown): WebhookReply | null {
  const out = output as Partial<WebhookReply> | null | undefined;
  return out && typeof out.status === "number" ? { status: out.status, headers: out.headers ?? {}, body: out.body ?? null } : null;
}

export async function awaitWebhookResponse(db: Db, workspaceId: string, executionId: string, timeoutMs: number): Promise<WebhookReply | null> {
  const bus = progressBus(db);
  let wake: () => void = () => {};
  const unsubscribe = bus.subscribe((e: ProgressEvent) => {
    if ((e.type === "step" || e.type === "execution") && e.executionId === executionId) wake();
  });
  const deadline = Date.now() + timeoutMs;
  try {
    // Check first (the step may already be done), then after every event for this execution.
    for (;;) {
      const found = await readReply(db, workspaceId, executionId);
      if (found !== undefined) return found;
      const left = deadline - Date.now();
      if (left <= 0) return null;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 1000));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
  }
}

/** The reply if there is one; null if the execution ended without one; undefined to keep waiting. */
async function readReply(db: Db, workspaceId: string, executionId: string): Promise<WebhookReply | null | undefined> {
  const [exec] = await db
    .select({ status: executions.status, graphHash: executions.graphHash, error: executions.error })
    .from(executions)
    .where(and(eq(executions.id, executionId), eq(executions.workspaceId, workspaceId)));
  if (!exec) return null;
  const respondIds = await respondNodeIds(db, exec.graphHash);
  const replies = respondIds.length
    ? await db
        .select({ output: stepRuns.output, nodeId: stepRuns.nodeId })
        .from(stepRuns)
        .where(and(eq(stepRuns.executionId, executionId), eq(stepRuns.status, "succeeded"), inArray(stepRuns.nodeId, respondIds)))
        .limit(1)
    : [];
  const reply = toReply(replies[0]?.output);
  if (reply) return reply;
  if (exec.status === "failed") return { status: 500, headers: {}, body: { error: "The workflow failed before it answered.", executionId } };
  if (exec.status === "succeeded" || exec.status === "canceled") return null;
  return undefined;
}

const respondNodesByGraph = new Map<string, string[]>();

async function respondNodeIds(db: Db, graphHash: string): Promise<string[]> {
  const cached = respondNodesByGraph.get(graphHash);
  if (cached) return cached;
  const [g] = await db.select({ graph: executionGraphs.graph }).from(executionGraphs).where(eq(executionGraphs.hash, graphHash));
  const nodes = ((g?.graph as { nodes?: Array<{ id: string; type: string }> })?.nodes ?? []).filter((n) => n.type === RESPOND_NODE_TYPE).map((n) => n.id);
  respondNodesByGraph.set(graphHash, nodes);
  return nodes;
}
