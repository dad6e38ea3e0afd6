// Test set-up shared by the intake tests: a workflow published with this graph, and the token of
// its webhook trigger's URL.
import { eq } from "drizzle-orm";
import { webhookEndpoints } from "@/db/schema";
import type { Harness } from "@/server/runtime/testing/harness";
import type { WorkflowGraphInput } from "@/server/engine/graph";
import { syncWebhookEndpoints } from "../webhook-endpoints";

export async function publishedWebhook(t: Harness, graph: WorkflowGraphInput, opts: { publish?: boolean } = {}): Promise<{ workflowId: string; token: string }> {
  const workflowId = await t.createWorkflow(graph, { publish: opts.publish ?? true });
  await syncWebhookEndpoints(t.db, t.workspaceId, workflowId, graph);
  const [ep] = await t.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workflowId, workflowId));
  return { workflowId, token: ep!.token };
}
