// Respond mode without the round trip through a worker: the intake process runs the new
// execution's pure steps itself (server/runtime/inline.ts) and answers as soon as a Respond step's
// output is committed. Whatever the flow does after the answer continues in the background (the
// steps are leased to this process; if it dies, workers re-claim them after the lease).
import type { Db } from "@/db/client";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import type { NodeRegistry } from "@/server/nodes/registry";
import { primeExecutionInfo } from "@/server/runtime/execute";
import { graphHash, indexedGraph } from "@/server/runtime/graph-store";
import { prerunPureSteps, type Prerun } from "@/server/runtime/prerun";
import { stepDataCaps } from "@/server/runtime/step-data-limit";
import { inlineContext, runInline } from "@/server/runtime/inline";
import type { RuntimeContext } from "@/server/runtime/context";
import type { ClaimedStep } from "@/server/runtime/queue";
import { RESPOND_NODE_TYPE, toReply, type WebhookReply } from "./webhook-response";
import type { WebhookTarget } from "./webhook-target";

const contexts = new WeakMap<object, RuntimeContext>();

/** A runtime for inline runs, when the catalogue can also run nodes (the app's registry can). */
export function inlineRuntime(db: Db, catalog: NodeCatalogLookup): RuntimeContext | undefined {
  const registry = catalog as Partial<NodeRegistry>;
  if (typeof registry.executor !== "function") return undefined;
  let rt = contexts.get(catalog);
  if (!rt || rt.db !== db) {
    rt = inlineContext(db, catalog as NodeRegistry);
    contexts.set(catalog, rt);
  }
  return rt;
}

/** The reply of the execution's Respond step if it was committed inline before the deadline; null otherwise (the caller then waits for workers). */
export function answerInline(
  rt: RuntimeContext,
  target: WebhookTarget,
  mode: "production" | "test",
  stored: { executionId: string; claimed: ClaimedStep[] },
  triggerData: unknown,
  deadline: number,
): Promise<WebhookReply | null> {
  if (stored.claimed.length === 0) return Promise.resolve(null);
  primeExecutionInfo({
    id: stored.executionId,
    workspaceId: target.workspaceId,
    workflowId: target.workflowId,
    mode,
    depth: 0,
    graphHash: graphHash(target.graph),
    triggerData,
  });
  return new Promise((resolve) => {
    runInline(rt, stored.claimed, {
      deadline,
      onCommitted: (o) => {
        const reply = o.type === RESPOND_NODE_TYPE ? toReply(o.output) : null;
        if (reply) resolve(reply);
      },
    })
      .catch((e: unknown) => console.error("Inline run failed:", e))
      .finally(() => resolve(null));
  });
}

/** Runs the new execution's first pure steps before it is stored (batched respond-mode intake). */
export async function prerunForIntake(rt: RuntimeContext, target: WebhookTarget, executionId: string, triggerData: unknown, deadline: number): Promise<Prerun> {
  const graph = indexedGraph(target.graph, rt.registry);
  const cap = (await stepDataCaps(rt.db, [target.workspaceId])).get(target.workspaceId)!;
  const exec = { id: executionId, workspaceId: target.workspaceId, workflowId: target.workflowId, mode: "production" as const, depth: 0, graphHash: graph.hash, triggerData };
  return prerunPureSteps({ rt, exec, graph, triggerNodeId: target.trigger.id, deadline, cap });
}

/** The reply of the first Respond step among the steps a prerun committed. */
export function prerunReply(prerun: Prerun | undefined): WebhookReply | null {
  for (const s of prerun?.ran ?? []) {
    if (s.type !== RESPOND_NODE_TYPE) continue;
    const reply = toReply(s.output);
    if (reply) return reply;
  }
  return null;
}
