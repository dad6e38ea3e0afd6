// Seeds finished executions directly (with exact timestamps) for monitoring tests and the
// benchmark: alerts, SLAs and the dashboard read executions, not the engine.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { workflows } from "@/db/schema";
import type { WorkflowGraph } from "@/server/engine/graph";
import { storeGraph } from "@/server/runtime/graph-store";

export const seedGraph: WorkflowGraph = {
  schemaVersion: 1,
  nodes: [
    { id: "hook", type: "trigger.webhook", name: "Lead arrives", position: { x: 0, y: 0 }, config: {} },
    { id: "crm", type: "http.request", name: "Send to CRM", position: { x: 200, y: 0 }, config: {} },
    { id: "mail", type: "email.send", name: "Welcome e-mail", position: { x: 400, y: 0 }, config: {} },
  ],
  edges: [
    { id: "e1", source: "hook", sourceHandle: "main", target: "crm" },
    { id: "e2", source: "crm", sourceHandle: "main", target: "mail" },
  ],
  settings: {},
} as unknown as WorkflowGraph;

export async function seedWorkflow(db: Db, workspaceId: string, name = "Lead intake"): Promise<string> {
  const [wf] = await db.insert(workflows).values({ workspaceId, name, draftGraph: seedGraph as unknown as Record<string, unknown>, status: "active", publishedVersion: 1 }).returning();
  return wf!.id;
}

export interface SeedRun {
  status: "succeeded" | "failed";
  finishedAt: Date;
  durationMs?: number;
  failedNodeId?: string;
  message?: string;
  mode?: "production" | "test";
  triggerData?: unknown;
}

export async function seedRuns(db: Db, workspaceId: string, workflowId: string, runs: SeedRun[]): Promise<string[]> {
  const hash = await storeGraph(db, seedGraph);
  const ids: string[] = [];
  for (const r of runs) {
    const started = new Date(r.finishedAt.getTime() - (r.durationMs ?? 1000));
    const [row] = await queryRows<{ id: string }>(
      db,
      sql`insert into executions (workspace_id, workflow_id, workflow_version, mode, status, graph_hash, trigger_node_id, trigger_data, error, failed_node_id, timeout_ms, created_at, started_at, finished_at)
          values (${workspaceId}::uuid, ${workflowId}::uuid, 1, ${r.mode ?? "production"}::execution_mode, ${r.status}::execution_status, ${hash}, 'hook',
                  ${JSON.stringify(r.triggerData ?? { email: "lead@example.test" })}::jsonb,
                  ${r.status === "failed" ? JSON.stringify({ message: r.message ?? "failed", code: "TEST" }) : null}::jsonb,
                  ${r.status === "failed" ? (r.failedNodeId ?? "crm") : null}, 60000, ${started.toISOString()}::timestamptz, ${started.toISOString()}::timestamptz, ${r.finishedAt.toISOString()}::timestamptz)
          returning id`,
    );
    ids.push(row!.id);
  }
  return ids;
}
