// Which workflow graph and trigger node a webhook or form token leads to, and whether it may run now.
// Published graphs are immutable, so their validated form is cached per (workflow, version).
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookEndpoints, workflows, workflowVersions } from "@/db/schema";
import { validateGraph } from "@/server/engine/validate";
import type { GraphNode, WorkflowGraph } from "@/server/engine/graph";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";

export interface WebhookTarget {
  endpointId: string;
  workspaceId: string;
  workflowId: string;
  workflowVersion: number | null;
  graph: WorkflowGraph;
  trigger: GraphNode;
}

/** A test-URL trigger whose draft cannot run yet: its requests can still be kept as the trigger's sample. */
export type CaptureOnlyTarget = Omit<WebhookTarget, "graph" | "workflowVersion">;

export type TargetResult = { ok: true; target: WebhookTarget } | { ok: false; status: 404 | 409; message: string; captureOnly?: CaptureOnlyTarget };

const publishedCache = new Map<string, WorkflowGraph>();
const CACHE_LIMIT = 500;

function validated(stored: unknown, catalog: NodeCatalogLookup): WorkflowGraph | null {
  const v = validateGraph(stored, catalog);
  return v.ok && v.graph ? v.graph : null;
}

// Production lookups of a token, kept for a second: under load the same token is resolved for
// every request, and this read was a round trip each. Changes made in this process (publish,
// pause, delete) apply at once (forgetTriggerTargets); other processes see them within TTL_MS.
// On globalThis: Next.js bundles the webhook routes and the API that publishes separately.
const TTL_MS = 1000;
type EndpointRow = Awaited<ReturnType<typeof readEndpoint>>;
const shared = globalThis as unknown as { __switchyardTargets?: Map<string, { row: EndpointRow; at: number }> };
const rows = (shared.__switchyardTargets ??= new Map());
// One read per token at a time: when the entry expires under load, the requests arriving meanwhile
// wait for that read instead of each sending its own. Cleared with the cache.
const reading = new Map<string, Promise<EndpointRow>>();
let generation = 0;

/** Called after a workflow's status, published version or existence changed. */
export function forgetTriggerTargets(): void {
  rows.clear();
  reading.clear();
  generation++;
}

function endpointRow(db: Db, token: string, mode: "production" | "test"): Promise<EndpointRow> {
  if (mode === "test") return readEndpoint(db, token);
  const now = Date.now();
  const hit = rows.get(token);
  if (hit && now - hit.at < TTL_MS && now >= hit.at) return Promise.resolve(hit.row);
  let pending = reading.get(token);
  if (!pending) {
    const gen = generation;
    pending = readEndpoint(db, token).finally(() => {
      if (reading.get(token) === pending) reading.delete(token);
    });
    // A change made while the read was in flight must not be hidden by caching what it read.
    void pending.then(
      (row) => {
        if (!row || gen !== generation) return;
        if (rows.size >= CACHE_LIMIT) rows.delete(rows.keys().next().value!);
        rows.set(token, { row, at: now });
      },
      () => {},
    );
    reading.set(token, pending);
  }
  return pending;
}

async function readEndpoint(db: Db, token: string) {
  const [row] = await db
    .select({
      endpointId: webhookEndpoints.id,
      nodeId: webhookEndpoints.nodeId,
      workspaceId: webhookEndpoints.workspaceId,
      workflowId: workflows.id,
      status: workflows.status,
      publishedVersion: workflows.publishedVersion,
      deletedAt: workflows.deletedAt,
    })
    .from(webhookEndpoints)
    .innerJoin(workflows, eq(workflows.id, webhookEndpoints.workflowId))
    .where(eq(webhookEndpoints.token, token));
  return row;
}

/** The graph and trigger node of type `nodeType` behind a token, if that trigger may run now. */
export async function resolveTriggerTarget(db: Db, token: string, mode: "production" | "test", catalog: NodeCatalogLookup, nodeType: string): Promise<TargetResult> {
  if (!/^[A-Za-z0-9_-]{10,64}$/.test(token)) return { ok: false, status: 404, message: "No webhook has this address." };
  const row = await endpointRow(db, token, mode);
  if (!row || row.deletedAt) return { ok: false, status: 404, message: "No webhook has this address." };

  let graph: WorkflowGraph | null;
  let version: number | null = null;
  if (mode === "production") {
    if (row.publishedVersion === null) {
      return { ok: false, status: 409, message: "This workflow has not been published yet. Publish it, or send test events to its test URL." };
    }
    if (row.status === "paused") return { ok: false, status: 409, message: "This workflow is paused. Resume it to accept events." };
    version = row.publishedVersion;
    graph = await publishedGraph(db, row.workflowId, version, catalog);
  } else {
    const [wf] = await db.select({ draft: workflows.draftGraph }).from(workflows).where(eq(workflows.id, row.workflowId));
    graph = wf ? validated(wf.draft, catalog) : null;
    if (!graph) {
      // Half-built drafts are the normal case while someone listens for a sample: keep the trigger.
      const trigger = draftTrigger(wf?.draft, row.nodeId, nodeType);
      const captureOnly = trigger && { endpointId: row.endpointId, workspaceId: row.workspaceId, workflowId: row.workflowId, trigger };
      return { ok: false, status: 409, message: "The draft has problems that stop it from running. Open the editor to see them.", captureOnly: captureOnly || undefined };
    }
  }
  if (!graph) return { ok: false, status: 409, message: "The published version cannot run. Publish a corrected version." };

  const trigger = graph.nodes.find((n) => n.id === row.nodeId && n.type === nodeType);
  if (!trigger) {
    return {
      ok: false,
      status: 409,
      message: mode === "production" ? "This webhook is not part of the published version. Publish the workflow to use it." : "This webhook was removed from the draft.",
    };
  }
  return { ok: true, target: { endpointId: row.endpointId, workspaceId: row.workspaceId, workflowId: row.workflowId, workflowVersion: version, graph, trigger } };
}

const loadingGraphs = new Map<string, Promise<WorkflowGraph | null>>();

/** A published version's validated graph: read once (also by concurrent first requests), then kept. */
function publishedGraph(db: Db, workflowId: string, version: number, catalog: NodeCatalogLookup): Promise<WorkflowGraph | null> {
  const key = `${workflowId}@${version}`;
  const hit = publishedCache.get(key);
  if (hit) return Promise.resolve(hit);
  let pending = loadingGraphs.get(key);
  if (!pending) {
    pending = db
      .select({ graph: workflowVersions.graph })
      .from(workflowVersions)
      .where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.version, version)))
      .then(([v]) => {
        const graph = v ? validated(v.graph, catalog) : null;
        if (graph) {
          if (publishedCache.size >= CACHE_LIMIT) publishedCache.delete(publishedCache.keys().next().value!);
          publishedCache.set(key, graph);
        }
        return graph;
      })
      .finally(() => loadingGraphs.delete(key));
    loadingGraphs.set(key, pending);
  }
  return pending;
}

/** The trigger node as saved in an unvalidated draft, when it is there with the expected type. */
function draftTrigger(draft: unknown, nodeId: string, nodeType: string): GraphNode | null {
  const nodes = (draft as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return null;
  const node = nodes.find((n: unknown) => !!n && typeof n === "object" && (n as GraphNode).id === nodeId && (n as GraphNode).type === nodeType) as GraphNode | undefined;
  return node ? { ...node, config: node.config && typeof node.config === "object" ? node.config : {} } : null;
}
