// Sample data for the mapping panel and expression previews: step outputs of the last test run
// (or of "Run this step"), and the trigger's pinned test data (typed on a Manual trigger, or a
// captured test event on a Webhook trigger). Pure.
import type { ExpressionContext } from "@/server/engine/expression";
import type { StepEdge, StepNode, StepRunStatus } from "@/components/canvas/flow-types";

export interface RunStepView {
  id: number;
  nodeId: string;
  scope: string;
  status: string;
  attempt: number;
  input: unknown;
  output: unknown;
  error: unknown;
  handle: string | null;
  logs: unknown;
}

export interface RunView {
  id: string;
  status: string;
  triggerNodeId: string | null;
  triggerData: unknown;
  error: unknown;
  steps: RunStepView[];
}

export const TERMINAL_RUN = new Set(["succeeded", "failed", "canceled"]);

/** The last step row per node (retries and loop items: the latest one wins). */
export function latestStepByNode(run: RunView | null | undefined): Map<string, RunStepView> {
  const out = new Map<string, RunStepView>();
  for (const s of run?.steps ?? []) {
    const prev = out.get(s.nodeId);
    if (!prev || s.id > prev.id) out.set(s.nodeId, s);
  }
  return out;
}

/** Node statuses for the canvas; once a run has ended, steps it never reached say so. */
export function runStatusByNode(run: RunView | null | undefined, nodeIds: readonly string[] = []): Record<string, StepRunStatus> {
  const out: Record<string, StepRunStatus> = {};
  for (const [id, s] of latestStepByNode(run)) out[id] = s.status as StepRunStatus;
  if (run && TERMINAL_RUN.has(run.status)) for (const id of nodeIds) out[id] ??= "notrun";
  return out;
}

/** Connections a run followed: the source produced output on that handle and the target ran. */
export function takenEdges(run: RunView | null | undefined, edges: readonly StepEdge[]): Set<string> {
  const steps = latestStepByNode(run);
  const out = new Set<string>();
  for (const e of edges) {
    const src = steps.get(e.source);
    if (src?.status === "succeeded" && (src.handle ?? "main") === (e.sourceHandle ?? "main") && steps.has(e.target)) out.add(e.id);
    else if (src?.status === "failed" && e.sourceHandle === "error" && steps.has(e.target)) out.add(e.id);
  }
  return out;
}

/** The data a step received, without the engine's delivery envelope: one input as itself, several by source. */
export function inputOf(step: RunStepView, nameOf: (id: string) => string | undefined): unknown {
  const from = (step.input as { from?: Array<{ source?: string; value?: unknown }> } | null)?.from;
  if (!Array.isArray(from)) return step.input;
  if (from.length === 1) return from[0]!.value;
  return Object.fromEntries(from.map((f, i) => [nameOf(f.source ?? "") ?? f.source ?? `input ${i + 1}`, f.value]));
}

/** Trigger types whose config can hold pinned sample data (`testData`, JSON text). */
export const PINNABLE_TRIGGERS: ReadonlySet<string> = new Set(["trigger.manual", "trigger.webhook"]);

/** The pinned sample of a trigger node's config, or undefined (none, or not valid JSON). */
export function pinnedSampleOf(config: Record<string, unknown>): unknown {
  const raw = config.testData;
  if (typeof raw !== "string" || !raw.trim()) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function pinnedTrigger(nodes: readonly StepNode[]): unknown {
  for (const n of nodes) {
    if (!PINNABLE_TRIGGERS.has(n.data.type)) continue;
    const v = pinnedSampleOf(n.data.config);
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * Outputs by node id (and by name, as the engine provides them), plus the trigger sample.
 * `extra`: outputs of single steps run since (they are newer than the run's).
 */
export function buildSampleContext(
  run: RunView | null | undefined,
  nodes: readonly StepNode[],
  extra?: ReadonlyMap<string, unknown>,
): { context: ExpressionContext | null; outputs: Map<string, unknown> } {
  const outputs = new Map<string, unknown>();
  for (const [id, s] of latestStepByNode(run)) if (s.status === "succeeded") outputs.set(id, s.output);
  for (const [id, out] of extra ?? []) outputs.set(id, out);
  const pinned = pinnedTrigger(nodes);
  const trigger = pinned !== undefined ? pinned : run?.triggerData;
  if (trigger === undefined && outputs.size === 0) return { context: null, outputs };
  const steps: Record<string, unknown> = {};
  const names = new Map(nodes.map((n) => [n.id, n.data.name]));
  for (const [id, out] of outputs) {
    steps[id] = out;
    const name = names.get(id);
    if (name) steps[name] = out;
  }
  return { context: { trigger: trigger ?? null, steps, item: null, vars: {} }, outputs };
}

/** Nodes that run before `nodeId` (through connections), nearest first. */
export function upstreamOf(nodeId: string, edges: readonly StepEdge[]): string[] {
  const into = new Map<string, string[]>();
  for (const e of edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  let frontier = [nodeId];
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const src of into.get(id) ?? []) {
        if (seen.has(src)) continue;
        seen.add(src);
        order.push(src);
        next.push(src);
      }
    }
    frontier = next;
  }
  return order;
}

export interface SampleField {
  path: Array<string | number>;
  preview: string;
}

/** Flattens a sample value into leaf fields (and objects/arrays themselves), depth- and count-limited. */
export function flattenFields(value: unknown, maxDepth = 4, limit = 60): SampleField[] {
  const out: SampleField[] = [];
  const walk = (v: unknown, path: Array<string | number>, depth: number) => {
    if (out.length >= limit) return;
    const isObj = v !== null && typeof v === "object";
    if (path.length) out.push({ path, preview: previewOf(v) });
    if (!isObj || depth >= maxDepth) return;
    if (Array.isArray(v)) {
      if (v.length) walk(v[0], [...path, 0], depth + 1);
      return;
    }
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) walk(child, [...path, k], depth + 1);
  };
  walk(value, [], 0);
  return out;
}

function previewOf(v: unknown): string {
  if (Array.isArray(v)) return `list of ${v.length}`;
  if (v && typeof v === "object") return `{${Object.keys(v).length} fields}`;
  const s = JSON.stringify(v) ?? "undefined";
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
