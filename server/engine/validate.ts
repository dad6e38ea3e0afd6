// The graph validator: structure first, then each node's config against its own schema.
// Messages name the node (by name) and the field so the canvas can show them on the node.
import type { z } from "zod";
import { workflowGraphSchema, type WorkflowGraph } from "./graph";
import { ERROR_HANDLE, LOOP_ITEM_HANDLE, handlesOf, type NodeCatalogLookup } from "./node-spec";
import { findForwardCycle, indexGraph } from "./topology";
import { findTemplateFields, formatPath } from "./config-fields";
import { checkTemplate } from "./template";
import { checkExpression } from "./expression";

export interface GraphIssue {
  severity: "error" | "warning";
  code: string;
  message: string;
  nodeId?: string;
  edgeId?: string;
  /** Field path inside the node's config, e.g. "fields[0].value". */
  path?: string;
}

export type ValidationResult = { ok: true; graph: WorkflowGraph; issues: GraphIssue[] } | { ok: false; graph?: WorkflowGraph; issues: GraphIssue[] };

export function validateGraph(input: unknown, catalog: NodeCatalogLookup): ValidationResult {
  const parsed = workflowGraphSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ severity: "error", code: "schema", message: `${formatPath(i.path as Array<string | number>) || "graph"}: ${i.message}` })) };
  }
  const graph = parsed.data;
  const issues: GraphIssue[] = [];
  const err = (code: string, message: string, extra: Partial<GraphIssue> = {}) => issues.push({ severity: "error", code, message, ...extra });
  const byId = new Map<string, WorkflowGraph["nodes"][number]>();
  const names = new Map<string, string>();
  for (const n of graph.nodes) {
    if (byId.has(n.id)) err("duplicate_node_id", `Two nodes have the id "${n.id}"`, { nodeId: n.id });
    byId.set(n.id, n);
    if (names.has(n.name)) err("duplicate_node_name", `Two nodes are named "${n.name}"; expressions refer to nodes by name`, { nodeId: n.id });
    names.set(n.name, n.id);
    if (!catalog.get(n.type)) err("unknown_node_type", `Node "${n.name}" has an unknown type "${n.type}"`, { nodeId: n.id });
  }
  const label = (id: string) => byId.get(id)?.name ?? id;

  const edgeIds = new Set<string>();
  const edgeKeys = new Set<string>();
  for (const e of graph.edges) {
    if (edgeIds.has(e.id)) err("duplicate_edge_id", `Two connections have the id "${e.id}"`, { edgeId: e.id });
    edgeIds.add(e.id);
    const key = `${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;
    if (edgeKeys.has(key)) err("duplicate_edge", `"${label(e.source)}" (${e.sourceHandle}) is connected to "${label(e.target)}" twice`, { edgeId: e.id });
    edgeKeys.add(key);
    const src = byId.get(e.source);
    const dst = byId.get(e.target);
    if (!src) err("dangling_edge", `Connection "${e.id}" starts at a node that does not exist ("${e.source}")`, { edgeId: e.id });
    if (!dst) err("dangling_edge", `Connection "${e.id}" ends at a node that does not exist ("${e.target}")`, { edgeId: e.id });
    if (e.source === e.target) err("self_edge", `"${label(e.source)}" is connected to itself`, { edgeId: e.id, nodeId: e.source });
    const srcSpec = src && catalog.get(src.type);
    const dstSpec = dst && catalog.get(dst.type);
    if (srcSpec?.kind === "note" || dstSpec?.kind === "note") err("note_edge", `Notes cannot be connected (connection "${e.id}")`, { edgeId: e.id });
    if (dstSpec?.kind === "trigger") err("edge_into_trigger", `Trigger "${label(e.target)}" cannot have incoming connections`, { edgeId: e.id, nodeId: e.target });
    if (src && srcSpec && srcSpec.kind !== "note") {
      const cfg = srcSpec.config.safeParse(src.config);
      const handles = handlesOf(srcSpec, cfg.success ? cfg.data : src.config);
      if (!handles.includes(e.sourceHandle)) {
        const hint = e.sourceHandle === ERROR_HANDLE ? " (this node cannot fail)" : ` (outputs: ${handles.join(", ") || "none"})`;
        err("unknown_handle", `"${label(e.source)}" has no output "${e.sourceHandle}"${hint}`, { edgeId: e.id, nodeId: e.source });
      }
    }
  }

  for (const n of graph.nodes) {
    const spec = catalog.get(n.type);
    if (!spec) continue;
    checkConfig(n.id, n.name, spec.config, n.config, issues);
    const cfg = spec.config.safeParse(n.config);
    if (cfg.success && spec.expressions) {
      for (const x of spec.expressions(cfg.data)) {
        const e = checkExpression(x.source);
        if (e) err("expression", `"${n.name}" ${x.path}: ${e.message}`, { nodeId: n.id, path: x.path });
      }
    }
  }

  const triggers = graph.nodes.filter((n) => catalog.get(n.type)?.kind === "trigger");
  if (triggers.length === 0) err("no_trigger", "The workflow has no trigger; add a trigger node to start it");

  // Structural checks below need a well-formed edge set.
  if (issues.some((i) => i.code === "dangling_edge" || i.code === "duplicate_node_id" || i.code === "unknown_node_type")) {
    return { ok: false, graph, issues };
  }
  const index = indexGraph(graph, catalog);
  const cycle = findForwardCycle(index);
  if (cycle) {
    err("cycle", `Connections form a cycle that is not a loop: ${cycle.map(label).join(" → ")}. Use a "Loop over items" node to repeat steps`, { nodeId: cycle[0] });
  }
  for (const [loopId, body] of index.loopBodies) {
    for (const id of body) {
      for (const e of index.inbound.get(id) ?? []) {
        const fromLoopItem = e.source === loopId && e.sourceHandle === LOOP_ITEM_HANDLE;
        if (!fromLoopItem && !body.has(e.source)) {
          err("loop_entry", `"${label(id)}" is inside loop "${label(loopId)}" but is also reached from "${label(e.source)}" outside it`, { nodeId: id, edgeId: e.id });
        }
      }
    }
    for (const e of index.outgoing.get(loopId) ?? []) {
      if (e.sourceHandle !== LOOP_ITEM_HANDLE && body.has(e.target)) {
        err("loop_exit", `"${label(e.target)}" runs after loop "${label(loopId)}" finishes and also inside it`, { nodeId: e.target, edgeId: e.id });
      }
    }
  }
  for (const n of graph.nodes) {
    const spec = catalog.get(n.type);
    if (!spec || spec.kind === "note" || spec.kind === "trigger") continue;
    if ((index.inbound.get(n.id) ?? []).length === 0) {
      issues.push({ severity: "warning", code: "unreachable", message: `"${n.name}" has no incoming connection and will never run`, nodeId: n.id });
    }
  }
  const ok = !issues.some((i) => i.severity === "error");
  return ok ? { ok: true, graph, issues } : { ok: false, graph, issues };
}

function checkConfig(nodeId: string, name: string, schema: z.ZodType, config: unknown, issues: GraphIssue[]): void {
  const res = schema.safeParse(config);
  if (!res.success) {
    for (const i of res.error.issues) {
      const path = formatPath(i.path as Array<string | number>);
      issues.push({ severity: "error", code: "config", message: `"${name}"${path ? ` ${path}` : ""}: ${i.message}`, nodeId, ...(path ? { path } : {}) });
    }
    return;
  }
  for (const f of findTemplateFields(schema, config)) {
    const e = checkTemplate(f.text);
    if (e) {
      const path = formatPath(f.path);
      issues.push({ severity: "error", code: "expression", message: `"${name}" ${path}: ${e.message}`, nodeId, path });
    }
  }
}
