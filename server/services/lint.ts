// The workflow linter: the validator's structural checks plus the rules that help people build
// flows that keep working (reachability, unconnected branches, unprotected side effects, naming,
// secrets in plain fields). Pure and client-safe: the editor's problems panel runs it on every
// change, and publishing runs the same function on the server so the two can never disagree.
import { z } from "zod";
import { overlapIssues, type TriggerSource } from "./lint-overlap";
import type { GraphEdge, WorkflowGraph } from "@/server/engine/graph";
import { ERROR_HANDLE, handlesOf } from "@/server/engine/node-spec";
import { validateGraph, type GraphIssue } from "@/server/engine/validate";
import type { NodeDefinition } from "@/server/nodes/define-node";
import { findSecrets } from "./lint-secrets";

export type LintIssue = GraphIssue;
export type DefinitionLookup = (type: string) => NodeDefinition | undefined;

/** Workspace setting `settings.namingConvention`: a preset or a regular expression. */
export const namingConventionSchema = z.union([
  z.object({ preset: z.enum(["sentence-case", "title-case", "verb-first"]) }),
  z.object({ pattern: z.string().min(1).max(500), description: z.string().max(200).optional() }),
]);
export type NamingConvention = z.output<typeof namingConventionSchema>;

export interface LintSettings {
  namingConvention?: NamingConvention | null;
  /** Trigger sources of the workspace's other workflows (for the overlapping-trigger warning). */
  otherTriggerSources?: readonly TriggerSource[];
}

const LEADING_VERBS = /^(add|append|archive|ask|assign|build|calculate|call|check|clean|collect|combine|compute|convert|copy|create|delete|detect|enrich|export|fetch|filter|find|format|get|import|list|log|look|map|mark|merge|normalize|notify|parse|post|prepare|read|remove|route|save|score|send|set|sort|split|start|stop|store|sync|tag|transform|update|upsert|validate|wait|write)\b/i;

const PRESETS: Record<"sentence-case" | "title-case" | "verb-first", { test: (name: string) => boolean; description: string }> = {
  "sentence-case": { test: (n) => /^[A-Z0-9]/.test(n) && !/\s[A-Z][a-z]+\s[A-Z][a-z]+/.test(n), description: "Sentence case, e.g. \"Send welcome e-mail\"" },
  "title-case": { test: (n) => n.split(/\s+/).every((w) => !/^[a-z]/.test(w) || /^(a|an|and|as|at|by|for|in|of|on|or|the|to|via|with)$/.test(w)), description: "Title Case, e.g. \"Send Welcome E-mail\"" },
  "verb-first": { test: (n) => LEADING_VERBS.test(n.trim()), description: "start with a verb, e.g. \"Check order total\"" },
};

/** The convention as a test plus a human description; null when none is set or it is unusable. */
export function namingRule(convention: NamingConvention | null | undefined): { test: (name: string) => boolean; description: string } | null {
  if (!convention) return null;
  if ("preset" in convention) return PRESETS[convention.preset];
  let re: RegExp;
  try {
    re = new RegExp(convention.pattern);
  } catch {
    return null;
  }
  return { test: (n) => re.test(n), description: convention.description ?? `match ${convention.pattern}` };
}

/** Reads the workspace settings object leniently: a malformed setting means "no convention". */
export function lintSettingsFrom(workspaceSettings: Record<string, unknown> | null | undefined): LintSettings {
  const parsed = namingConventionSchema.safeParse(workspaceSettings?.namingConvention);
  return { namingConvention: parsed.success ? parsed.data : null };
}

/** Codes this linter computes itself (with friendlier messages) instead of taking the validator's. */
const REPLACED_CODES = new Set(["config", "unreachable"]);

export function lintWorkflow(input: unknown, lookup: DefinitionLookup, settings: LintSettings = {}): LintIssue[] {
  const validation = validateGraph(input, { get: lookup });
  if (!validation.graph) return validation.issues;
  const graph = validation.graph;
  const issues: LintIssue[] = validation.issues.filter((i) => !REPLACED_CODES.has(i.code));
  issues.push(...configIssues(graph, lookup));
  issues.push(...reachabilityIssues(graph, lookup));
  issues.push(...branchIssues(graph, lookup));
  issues.push(...sideEffectIssues(graph, lookup));
  issues.push(...namingIssues(graph, lookup, settings));
  issues.push(...secretIssues(graph, lookup));
  issues.push(...overlapIssues(graph, settings.otherTriggerSources));
  // Errors first, then by node order on the canvas so the list reads top to bottom.
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  return issues.sort((a, b) => (a.severity === b.severity ? (order.get(a.nodeId ?? "") ?? -1) - (order.get(b.nodeId ?? "") ?? -1) : a.severity === "error" ? -1 : 1));
}

export function hasBlockingIssues(issues: readonly LintIssue[]): boolean {
  return issues.some((i) => i.severity === "error");
}

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode; label?: string };
const schemaCache = new WeakMap<object, JsonSchemaNode>();

function jsonSchemaOf(def: NodeDefinition): JsonSchemaNode {
  let s = schemaCache.get(def.config);
  if (!s) {
    try {
      s = z.toJSONSchema(def.config, { io: "input", unrepresentable: "any" }) as JsonSchemaNode;
    } catch {
      s = {};
    }
    schemaCache.set(def.config, s);
  }
  return s;
}

/** "fields[0].value" → "Fields › row 1 › Value", from the schema's labels. */
export function describeFieldPath(def: NodeDefinition, path: ReadonlyArray<PropertyKey>): string {
  let node: JsonSchemaNode | undefined = jsonSchemaOf(def);
  const parts: string[] = [];
  for (const key of path) {
    if (typeof key === "number") {
      parts.push(`row ${key + 1}`);
      node = node?.items;
    } else {
      node = node?.properties?.[String(key)];
      parts.push(node?.label ?? String(key));
    }
  }
  return parts.join(" › ");
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur = root;
  for (const k of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function configIssues(graph: WorkflowGraph, lookup: DefinitionLookup): LintIssue[] {
  const out: LintIssue[] = [];
  for (const n of graph.nodes) {
    const def = lookup(n.type);
    if (!def) continue;
    const res = def.config.safeParse(n.config);
    if (res.success) continue;
    for (const zi of res.error.issues) {
      const value = valueAt(n.config, zi.path);
      const missing = value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
      const field = describeFieldPath(def, zi.path) || "Settings";
      const path = formatPath(zi.path);
      out.push({
        severity: "error",
        code: missing ? "missing_config" : "invalid_config",
        message: missing ? `"${n.name}": ${field} is required` : `"${n.name}": ${field} — ${zi.message}`,
        nodeId: n.id,
        ...(path ? { path } : {}),
      });
    }
  }
  return out;
}

function outgoingByNode(edges: readonly GraphEdge[]): Map<string, GraphEdge[]> {
  const m = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    const list = m.get(e.source);
    if (list) list.push(e);
    else m.set(e.source, [e]);
  }
  return m;
}

function reachabilityIssues(graph: WorkflowGraph, lookup: DefinitionLookup): LintIssue[] {
  const out = outgoingByNode(graph.edges);
  const reached = new Set<string>();
  const stack = graph.nodes.filter((n) => lookup(n.type)?.kind === "trigger").map((n) => n.id);
  if (stack.length === 0) return []; // "no trigger" already says it all
  while (stack.length) {
    const id = stack.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    for (const e of out.get(id) ?? []) stack.push(e.target);
  }
  return graph.nodes
    .filter((n) => {
      const kind = lookup(n.type)?.kind;
      return kind && kind !== "note" && kind !== "trigger" && !reached.has(n.id);
    })
    .map((n) => ({ severity: "warning" as const, code: "unreachable", message: `"${n.name}" is not connected to a trigger, so it never runs`, nodeId: n.id }));
}

function branchIssues(graph: WorkflowGraph, lookup: DefinitionLookup): LintIssue[] {
  const out = outgoingByNode(graph.edges);
  const issues: LintIssue[] = [];
  for (const n of graph.nodes) {
    const def = lookup(n.type);
    if (!def || def.kind === "note") continue;
    const handles = handlesOf(def, n.config).filter((h) => h !== ERROR_HANDLE);
    if (handles.length < 2) continue; // only branching nodes: If, Switch, Loop
    const used = new Set((out.get(n.id) ?? []).map((e) => e.sourceHandle));
    for (const h of handles) {
      if (!used.has(h)) {
        issues.push({ severity: "warning", code: "unconnected_output", message: `"${n.name}": the "${h}" output is not connected; data sent there stops`, nodeId: n.id, path: `output:${h}` });
      }
    }
  }
  return issues;
}

function sideEffectIssues(graph: WorkflowGraph, lookup: DefinitionLookup): LintIssue[] {
  const out = outgoingByNode(graph.edges);
  const issues: LintIssue[] = [];
  for (const n of graph.nodes) {
    const def = lookup(n.type);
    if (!def?.sideEffect) continue;
    const errorPath = (out.get(n.id) ?? []).some((e) => e.sourceHandle === ERROR_HANDLE) || n.onError === "continue";
    const attempts = n.retry?.maxAttempts ?? def.retry?.maxAttempts ?? 1;
    if (!errorPath && attempts <= 1) {
      issues.push({
        severity: "warning",
        code: "unprotected_side_effect",
        message: `"${n.name}" talks to the outside world but has no error path and no retries; one failure stops the run`,
        nodeId: n.id,
      });
    }
  }
  return issues;
}

function namingIssues(graph: WorkflowGraph, lookup: DefinitionLookup, settings: LintSettings): LintIssue[] {
  const rule = namingRule(settings.namingConvention);
  if (!rule) return [];
  return graph.nodes
    .filter((n) => lookup(n.type)?.kind !== "note" && !rule.test(n.name))
    .map((n) => ({ severity: "warning" as const, code: "naming_convention", message: `"${n.name}" does not follow the workspace naming convention (${rule.description})`, nodeId: n.id }));
}

function secretIssues(graph: WorkflowGraph, lookup: DefinitionLookup): LintIssue[] {
  const issues: LintIssue[] = [];
  for (const n of graph.nodes) {
    const def = lookup(n.type);
    if (!def) continue;
    for (const f of findSecrets(n.config)) {
      issues.push({
        severity: "warning",
        code: "secret_in_plain_field",
        message: `"${n.name}": ${describeFieldPath(def, pathParts(f.path)) || "a field"} looks like ${f.what}; store it as a credential instead`,
        nodeId: n.id,
        path: f.path,
      });
    }
  }
  return issues;
}

function pathParts(path: string): Array<string | number> {
  const parts: Array<string | number> = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return parts;
}
