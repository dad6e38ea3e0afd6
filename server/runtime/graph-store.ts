// Graph snapshots are content-addressed (sha256 of canonical JSON): executions pin a hash, and
// workers parse and index each graph once per process.
import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { executionGraphs } from "@/db/schema";
import { workflowGraphSchema, type WorkflowGraph } from "@/server/engine/graph";
import { indexGraph, type GraphIndex } from "@/server/engine/topology";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(",")}}`;
}

// Hash per graph object: intake passes the same (cached, never mutated) object of a published
// version for every request, and hashing its canonical JSON was a visible share of intake CPU.
const hashes = new WeakMap<object, string>();

export function graphHash(graph: WorkflowGraph): string {
  let h = hashes.get(graph);
  if (!h) {
    h = createHash("sha256").update(canonicalJson(graph)).digest("hex");
    hashes.set(graph, h);
  }
  return h;
}

// Hashes known to be committed in a database (keyed by its driver client). Only a hash that was
// already there (insert conflicted) is remembered: one we inserted could still be rolled back.
const committed = new WeakMap<object, Set<string>>();

/** `dbKey`: an object that stands for the database (a transaction handle changes every time). */
export async function storeGraph(db: Db, graph: WorkflowGraph, dbKey?: object): Promise<string> {
  const hash = graphHash(graph);
  const client = dbKey ?? (db as unknown as { $client?: object }).$client ?? db;
  let known = committed.get(client);
  if (known?.has(hash)) return hash;
  const inserted = await db
    .insert(executionGraphs)
    .values({ hash, graph: graph as unknown as Record<string, unknown> })
    .onConflictDoNothing({ target: executionGraphs.hash })
    .returning({ hash: executionGraphs.hash });
  if (inserted.length === 0) {
    if (!known) committed.set(client, (known = new Set()));
    if (known.size < 10_000) known.add(hash);
  }
  return hash;
}

export interface LoadedGraph {
  hash: string;
  graph: WorkflowGraph;
  index: GraphIndex;
}

const cache = new Map<string, LoadedGraph>();
const CACHE_SIZE = 500;

export async function loadGraph(db: Db, hash: string, catalog: NodeCatalogLookup): Promise<LoadedGraph> {
  const hit = cache.get(hash);
  if (hit) return hit;
  const [row] = await db.select({ graph: executionGraphs.graph }).from(executionGraphs).where(eq(executionGraphs.hash, hash));
  if (!row) throw new Error(`Graph ${hash} is missing`);
  const graph = workflowGraphSchema.parse(row.graph);
  const loaded = { hash, graph, index: indexGraph(graph, catalog) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(hash, loaded);
  return loaded;
}

/**
 * A graph the caller already holds (intake's cached published version), indexed without a read;
 * also primes loadGraph's cache for its hash. Store it (storeGraph) before any execution pins it.
 */
export function indexedGraph(graph: WorkflowGraph, catalog: NodeCatalogLookup): LoadedGraph {
  const hash = graphHash(graph);
  const hit = cache.get(hash);
  if (hit) return hit;
  const loaded = { hash, graph, index: indexGraph(graph, catalog) };
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(hash, loaded);
  return loaded;
}

/** For tests that change the catalogue between runs. */
export function clearGraphCache(): void {
  cache.clear();
}

