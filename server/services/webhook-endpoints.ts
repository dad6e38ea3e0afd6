// Stable webhook URLs: one endpoint (token) per webhook trigger node of a workflow, created when
// a draft containing the node is saved. Tokens never change, so a sender configured once keeps
// working across edits and publishes.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";

export const WEBHOOK_NODE_TYPE = "trigger.webhook";
export const FORM_NODE_TYPE = "trigger.form";
/** Trigger types reached through a URL token. */
const URL_TRIGGER_TYPES = new Set([WEBHOOK_NODE_TYPE, FORM_NODE_TYPE]);

interface GraphLike {
  nodes?: Array<{ id?: unknown; type?: unknown }>;
}

export async function syncWebhookEndpoints(tx: Db, workspaceId: string, workflowId: string, graph: unknown): Promise<void> {
  const nodes = ((graph as GraphLike)?.nodes ?? []).filter((n) => URL_TRIGGER_TYPES.has(n?.type as string) && typeof n.id === "string");
  if (nodes.length === 0) return;
  await tx
    .insert(webhookEndpoints)
    .values(nodes.map((n) => ({ workspaceId, workflowId, nodeId: n.id as string, token: randomBytes(18).toString("base64url") })))
    .onConflictDoNothing({ target: [webhookEndpoints.workflowId, webhookEndpoints.nodeId] });
}

/** The endpoints of a workflow, for the editor's "URLs" panel. */
export async function listWebhookEndpoints(db: Db, workspaceId: string, workflowId: string) {
  return db
    .select({
      nodeId: webhookEndpoints.nodeId,
      token: webhookEndpoints.token,
      lastEventAt: webhookEndpoints.lastEventAt,
      lastTestEvent: webhookEndpoints.lastTestEvent,
      signatureFailures: webhookEndpoints.signatureFailures,
    })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.workspaceId, workspaceId), eq(webhookEndpoints.workflowId, workflowId)));
}

export function webhookUrls(baseUrl: string, token: string) {
  const base = baseUrl.replace(/\/$/, "");
  return { production: `${base}/api/hooks/${token}`, test: `${base}/api/hooks/test/${token}` };
}
