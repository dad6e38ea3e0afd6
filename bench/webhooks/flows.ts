// The graphs the webhook benchmark posts to, and the set-up that publishes one behind a webhook.
import { eq, sql } from "drizzle-orm";
import { queryRows, type DbHandle } from "@/db/client";
import { webhookEndpoints, workflows, workflowVersions, workspaces } from "@/db/schema";
import { createRegistry } from "@/server/nodes/registry";
import type { NodeExecutor } from "@/server/nodes/executor";
import { respondWebhookRun } from "@/server/nodes/run/respond-webhook";
import { syncWebhookEndpoints } from "@/server/services/webhook-endpoints";

export const registry = createRegistry([respondWebhookRun] as unknown as NodeExecutor[]);

/** A workspace with the graph published as version 1; answers the webhook's token. */
export async function setup(handle: DbHandle, graph: Record<string, unknown>) {
  const [ws] = await handle.db.insert(workspaces).values({ name: "bench" }).returning();
  const [wf] = await handle.db.insert(workflows).values({ workspaceId: ws!.id, name: "bench", draftGraph: graph, status: "active", publishedVersion: 1 }).returning();
  await handle.db.insert(workflowVersions).values({ workspaceId: ws!.id, workflowId: wf!.id, version: 1, graph });
  await syncWebhookEndpoints(handle.db, ws!.id, wf!.id, graph);
  const [ep] = await handle.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.workflowId, wf!.id));
  return ep!.token;
}

const node = (id: string, type: string, config: Record<string, unknown> = {}, x = 0) => ({ id, type, name: id, position: { x, y: 0 }, config, notes: "" });
const edge = (source: string, target: string, sourceHandle = "main") => ({ id: `${source}-${sourceHandle}-${target}`, source, target, sourceHandle });

/** Answer-at-once: the webhook and one step. */
export function acceptFlow() {
  return {
    schemaVersion: 1,
    nodes: [node("hook", "trigger.webhook", { idempotency: "off", rateLimitPerSecond: 100000 }), node("log", "data.set", { fields: [{ name: "email", value: "{{ trigger.body.email }}" }] })],
    edges: [edge("hook", "log")],
    settings: { concurrency: 1000 },
  };
}

/** webhook → validate → normalize → segment → build the result → respond (422 for invalid input). */
export function respondFlow() {
  return {
    schemaVersion: 1,
    nodes: [
      node("hook", "trigger.webhook", { responseMode: "respond_node", idempotency: "off", rateLimitPerSecond: 100000 }),
      node("valid", "logic.if", {
        groups: [
          {
            combinator: "and",
            conditions: [
              { field: "trigger.body.email", operator: "contains", value: "@" },
              { field: "trigger.body.name", operator: "isNotEmpty" },
            ],
          },
        ],
      }),
      node("reject", "trigger.respond", { status: "422", body: '{{ { "error": "Please send a name and an e-mail address with @." } }}' }),
      node("normalize", "data.set", {
        fields: [
          { name: "name", value: "{{ $trim(trigger.body.name) }}" },
          { name: "email", value: "{{ $lowercase($trim(trigger.body.email)) }}" },
          { name: "employees", value: "{{ trigger.body.employees }}" },
        ],
      }),
      node("segment", "logic.if", { groups: [{ combinator: "and", conditions: [{ field: "steps.normalize.employees", operator: "gte", value: 50 }] }] }),
      node("enterprise", "data.set", { fields: [{ name: "segment", value: "enterprise" }, { name: "email", value: "{{ steps.normalize.email }}" }] }),
      node("smb", "data.set", { fields: [{ name: "segment", value: "smb" }, { name: "email", value: "{{ steps.normalize.email }}" }] }),
      node("reply", "trigger.respond", { status: "200", body: "{{ $exists(steps.enterprise) ? steps.enterprise : steps.smb }}" }),
    ],
    edges: [
      edge("hook", "valid"),
      edge("valid", "reject", "false"),
      edge("valid", "normalize", "true"),
      edge("normalize", "segment"),
      edge("segment", "enterprise", "true"),
      edge("segment", "smb", "false"),
      edge("enterprise", "reply"),
      edge("smb", "reply"),
    ],
    settings: { concurrency: 1000 },
  };
}

/** Waits until no execution is queued or running (a worker ran the backlog); returns the seconds it took. */
export async function backlogDrained(db: DbHandle["db"], limitMs = 300_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const [r] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from executions where status in ('queued', 'running')`);
    if (r!.n === 0) return +((Date.now() - started) / 1000).toFixed(1);
    if (Date.now() - started > limitMs) throw new Error(`${r!.n} executions still unfinished after ${limitMs / 1000} s`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
