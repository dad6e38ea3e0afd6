// Call workflow: start a published workflow of the same workspace as a child execution.
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workflows, workflowVersions } from "@/db/schema";
import { workflowGraphSchema } from "@/server/engine/graph";
import type { SerializedError } from "@/server/engine/errors";
import { createExecution, type ExecutionRow, type TxEffects } from "./lifecycle";
import type { ClaimedStep } from "./queue";
import type { RuntimeContext } from "./context";

export async function startChild(
  tx: Db,
  rt: RuntimeContext,
  parent: ExecutionRow,
  step: ClaimedStep,
  call: { workflowId: string; input: unknown; wait: boolean },
  fx: TxEffects,
): Promise<{ id?: string; error?: SerializedError }> {
  const fail = (message: string, code: string) => ({ error: { message, code, retryable: false, nodeId: step.nodeId } });
  if (parent.depth + 1 > rt.options.maxDepth) return fail(`Workflows can call each other at most ${rt.options.maxDepth} deep`, "MAX_DEPTH");
  const [wf] = await tx
    .select({ id: workflows.id, published: workflows.publishedVersion })
    .from(workflows)
    .where(and(eq(workflows.id, call.workflowId), eq(workflows.workspaceId, parent.workspace_id), isNull(workflows.deletedAt)));
  if (!wf) return fail("The called workflow does not exist in this workspace", "WORKFLOW_NOT_FOUND");
  if (wf.published === null) return fail("The called workflow has no published version", "WORKFLOW_NOT_PUBLISHED");
  const [v] = await tx
    .select({ graph: workflowVersions.graph })
    .from(workflowVersions)
    .where(and(eq(workflowVersions.workflowId, wf.id), eq(workflowVersions.version, wf.published)));
  const parsed = workflowGraphSchema.safeParse(v?.graph);
  if (!parsed.success) return fail("The called workflow's published graph is invalid", "WORKFLOW_INVALID");
  const trigger = parsed.data.nodes.find((n) => rt.registry.get(n.type)?.triggerKind === "manual");
  if (!trigger) return fail("The called workflow has no Manual trigger to start from", "WORKFLOW_NO_TRIGGER");
  const child = await createExecution(
    tx,
    {
      workspaceId: parent.workspace_id,
      workflowId: wf.id,
      workflowVersion: wf.published,
      mode: parent.mode,
      graph: parsed.data,
      triggerNodeId: trigger.id,
      triggerData: call.input,
      parentExecutionId: parent.id,
      parentStepId: call.wait ? step.id : null,
      depth: parent.depth + 1,
    },
    rt.registry,
    fx,
  );
  return { id: child.id };
}
