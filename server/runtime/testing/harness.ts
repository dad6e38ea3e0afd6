// Test scaffolding for runtime tests: a migrated database, a workspace, workflows, workers.
import { eq } from "drizzle-orm";
import { createTestDb, type TestDb } from "@/db/testing/test-db";
import { workflows, workflowVersions, workspaces } from "@/db/schema";
import type { WorkflowGraphInput } from "@/server/engine/graph";
import { createRegistry, type NodeRegistry } from "@/server/nodes/registry";
import { getExecution } from "@/server/services/runs";
import { startWorker, type WorkerHandle } from "../worker";
import type { RuntimeOptions } from "../options";
import { progressBus } from "../progress";
import { testExecutors } from "./test-nodes";

export const FAST: Partial<RuntimeOptions> = { leaseMs: 1500, heartbeatMs: 300, pollMs: 50, sweepMs: 100 };

export interface Harness {
  h: TestDb;
  db: TestDb["db"];
  registry: NodeRegistry;
  workspaceId: string;
  createWorkflow(graph: WorkflowGraphInput, opts?: { publish?: boolean; name?: string }): Promise<string>;
  startWorkers(n?: number, options?: Partial<RuntimeOptions>): WorkerHandle[];
  waitFor(executionId: string, opts?: { timeoutMs?: number; until?: (status: string) => boolean }): Promise<Awaited<ReturnType<typeof getExecution>>>;
  close(): Promise<void>;
}

export async function createHarness(): Promise<Harness> {
  const h = await createTestDb();
  const registry = createRegistry(testExecutors);
  const [ws] = await h.db.insert(workspaces).values({ name: "Test" }).returning();
  const workers: WorkerHandle[] = [];
  const harness: Harness = {
    h,
    db: h.db,
    registry,
    workspaceId: ws!.id,
    async createWorkflow(graph, opts = {}) {
      const [wf] = await h.db
        .insert(workflows)
        .values({ workspaceId: ws!.id, name: opts.name ?? "wf", draftGraph: graph as Record<string, unknown> })
        .returning();
      if (opts.publish) {
        await h.db.insert(workflowVersions).values({ workspaceId: ws!.id, workflowId: wf!.id, version: 1, graph: graph as Record<string, unknown> });
        await h.db.update(workflows).set({ publishedVersion: 1, status: "active" }).where(eq(workflows.id, wf!.id));
      }
      return wf!.id;
    },
    startWorkers(n = 1, options = {}) {
      const started = Array.from({ length: n }, () => startWorker({ db: h.db, registry, options: { ...FAST, ...options } }));
      workers.push(...started);
      return started;
    },
    async waitFor(executionId, { timeoutMs = 15_000, until = (s: string) => ["succeeded", "failed", "canceled"].includes(s) } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const e = await getExecution(h.db, ws!.id, executionId);
        if (until(e.status)) return e;
        if (Date.now() > deadline) throw new Error(`Execution ${executionId} still ${e.status} after ${timeoutMs} ms: ${JSON.stringify(e.steps.map((s) => [s.nodeId, s.scope, s.status]))}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async close() {
      await Promise.all(workers.map((w) => w.stop({ graceMs: 1000 })));
      await progressBus(h.db).close();
      await h.close();
    },
  };
  return harness;
}

let seq = 0;
/** Graph builder for runtime tests: nodes as [id, type, config?, extra?], edges as [source, target, handle?]. */
export function graphOf(
  nodes: Array<[string, string, Record<string, unknown>?, Record<string, unknown>?]>,
  edges: Array<[string, string, string?]>,
  settings: Record<string, unknown> = {},
): WorkflowGraphInput {
  return {
    schemaVersion: 1,
    nodes: nodes.map(([id, type, config, extra]) => ({ id, type, name: id, position: { x: 0, y: 0 }, config: config ?? {}, ...extra })),
    edges: edges.map(([source, target, sourceHandle]) => ({ id: `e${++seq}`, source, target, sourceHandle: sourceHandle ?? "main" })),
    settings,
  };
}
