// "Run this step": runs one node of the saved draft on its own, with the data of the steps before
// it supplied by the editor (the last test run's outputs, pinned trigger samples, or earlier
// single-step results). It goes through the engine's own step runner (server/runtime/execute.ts):
// the same config parsing, template rendering, expression limits, credential resolution and
// SSRF-guarded HTTP as a real run, with a short timeout. Nothing is queued and no execution row
// is written; an audit entry records who ran which step and how it ended
// (docs/decisions/0402-single-step-run.md).
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { workflows } from "@/db/schema";
import { workflowGraphSchema, type GraphNode } from "@/server/engine/graph";
import { indexGraph } from "@/server/engine/topology";
import type { Delivery } from "@/server/engine/state";
import type { SerializedError } from "@/server/engine/errors";
import type { NodeRegistry } from "@/server/nodes/registry";
import type { LogEntry } from "@/server/nodes/executor";
import { runStep, type ExecutionInfo } from "@/server/runtime/execute";
import { graphHash } from "@/server/runtime/graph-store";
import { runtimeOptions } from "@/server/runtime/options";
import type { ProgressBus } from "@/server/runtime/progress";
import { recordAudit, type Actor } from "./audit";
import { NotFoundError, ValidationError } from "./errors";

/** The longest a single step may run from the editor (a node's own shorter timeout wins). */
export const SINGLE_STEP_TIMEOUT_MS = 60_000;

export interface SingleStepInput {
  workflowId: string;
  nodeId: string;
  /** The trigger's sample (pinned or from the last test run); undefined when there is none. */
  trigger?: unknown;
  /** Sample outputs of earlier steps, by node id. */
  steps: Record<string, unknown>;
}

export interface SingleStepDeps {
  registry: NodeRegistry;
  timeoutMs?: number;
}

export type SingleStepResult =
  | { status: "succeeded"; nodeId: string; input: unknown; output: unknown; handle: string; logs: LogEntry[]; durationMs: number }
  | { status: "failed"; nodeId: string; input: unknown; error: SerializedError; logs: LogEntry[]; durationMs: number }
  /** Delay/Wait and Call workflow: what the step would do in a run; nothing was parked or started. */
  | { status: "not_run"; nodeId: string; input: unknown; message: string; logs: LogEntry[]; durationMs: number };

/** Nothing is published: a single step is no execution that anyone follows live. */
const quietBus: ProgressBus = { publish: () => {}, subscribe: () => () => {}, close: async () => {} };

/** Whether a node's config text can refer to the trigger payload or to a step by id or name. */
function mentions(configText: string, word: string): boolean {
  return configText.includes(word);
}

export async function runSingleStep(db: Db, workspaceId: string, actor: Actor, input: SingleStepInput, deps: SingleStepDeps): Promise<SingleStepResult> {
  const [wf] = await db
    .select({ id: workflows.id, draft: workflows.draftGraph })
    .from(workflows)
    .where(and(eq(workflows.id, input.workflowId), eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt)));
  if (!wf) throw new NotFoundError("Workflow");
  const parsed = workflowGraphSchema.safeParse(wf.draft);
  if (!parsed.success) throw new ValidationError("The draft could not be read; save it again and retry.");
  const graph = parsed.data;
  const node = graph.nodes.find((n) => n.id === input.nodeId);
  if (!node) throw new ValidationError("This step is not in the saved draft yet. Wait for the draft to save, then try again.", [{ path: "nodeId", message: "Unknown step" }]);
  const def = deps.registry.get(node.type);
  if (!def || !deps.registry.executor(node.type)) throw new ValidationError(`“${node.name}” cannot run: its step type is not installed.`, [{ path: "nodeId", message: "Unknown type", nodeId: node.id }]);
  if (def.kind === "trigger") throw new ValidationError(`“${node.name}” is a trigger: it has nothing to run. Give it sample data instead (test data, or Listen for a test event).`, [{ path: "nodeId", message: "Trigger", nodeId: node.id }]);
  if (def.kind === "note") throw new ValidationError("A note does not run.", [{ path: "nodeId", message: "Note", nodeId: node.id }]);

  const index = indexGraph(graph, deps.registry);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const isTrigger = (n: GraphNode | undefined) => !!n && deps.registry.get(n.type)?.kind === "trigger";
  const dataOf = (n: GraphNode): { has: boolean; value: unknown } => {
    if (isTrigger(n)) return { has: input.trigger !== undefined && input.trigger !== null, value: input.trigger };
    const has = Object.prototype.hasOwnProperty.call(input.steps, n.id) && input.steps[n.id] !== undefined;
    return { has, value: has ? input.steps[n.id] : undefined };
  };
  const missing = (n: GraphNode) =>
    new ValidationError(
      isTrigger(n) ? `“${n.name}” has no data yet. Run a test first, or pin sample data on “${n.name}”.` : `“${n.name}” has no data yet. Run a test first, or use “Run this step” on “${n.name}” first.`,
      [{ path: "nodeId", message: "No upstream data", nodeId: n.id }],
    );

  // What arrives on the incoming connections: every connected step before this one must have data.
  const from: Delivery[] = [];
  for (const e of graph.edges) {
    if (e.target !== node.id) continue;
    const src = byId.get(e.source);
    if (!src || index.backEdges.has(e.id)) continue;
    const d = dataOf(src);
    if (!d.has) throw missing(src);
    from.push({ edge: e.id, source: src.id, handle: e.sourceHandle, value: d.value });
  }
  // Steps further up only when the settings refer to them (by id or name), and the trigger when
  // the settings read `trigger`.
  const ancestors = [...(index.ancestors.get(node.id) ?? [])].map((id) => byId.get(id)).filter((n): n is GraphNode => !!n);
  const configText = JSON.stringify(node.config);
  const pending = new Map<string, unknown>();
  let triggerData: unknown = null;
  for (const a of ancestors) {
    const d = dataOf(a);
    if (isTrigger(a)) {
      if (d.has) triggerData = d.value;
      else if (mentions(configText, "trigger")) throw missing(a);
      continue;
    }
    if (d.has) pending.set(a.id, d.value);
    else if (mentions(configText, a.id) || mentions(configText, a.name)) throw missing(a);
  }
  if (triggerData === null && input.trigger !== undefined) triggerData = input.trigger;

  // The node runs with a capped timeout; the outer signal is a backstop for nodes that ignore theirs.
  const cap = Math.min(deps.timeoutMs ?? SINGLE_STEP_TIMEOUT_MS, SINGLE_STEP_TIMEOUT_MS);
  const capped = { ...node, timeoutMs: Math.min(node.timeoutMs ?? cap, cap) };
  const runGraph = { ...graph, nodes: graph.nodes.map((n) => (n.id === node.id ? capped : n)) };
  const loaded = { hash: graphHash(runGraph), graph: runGraph, index: indexGraph(runGraph, deps.registry) };
  // A fresh id per single-step run: idempotency keys and "written by" marks on data records point
  // to it, and the audit entry names it.
  const exec: ExecutionInfo = { id: randomUUID(), workspaceId, workflowId: wf.id, mode: "test", depth: 0, graphHash: loaded.hash, triggerData };
  const rt = { db, registry: deps.registry, options: runtimeOptions({ nodeTimeoutMs: cap }), bus: quietBus, owner: `single-step:${exec.id}` };
  const outer = new AbortController();
  const backstop = setTimeout(() => outer.abort(new Error("Step timed out")), cap + 1000);
  const started = Date.now();
  let outcome;
  try {
    outcome = await runStep({ rt, exec, graph: loaded, step: { id: 0, nodeId: node.id, scope: "", attempt: 1, input: { from }, resume: null }, signal: outer.signal, pending });
  } finally {
    clearTimeout(backstop);
  }
  const durationMs = Date.now() - started;
  const shownInput = from.length === 0 ? null : from.length === 1 ? from[0]!.value : Object.fromEntries(from.map((f) => [byId.get(f.source)?.name ?? f.source, f.value]));
  let result: SingleStepResult;
  if (outcome.kind === "succeeded") result = { status: "succeeded", nodeId: node.id, input: shownInput, output: outcome.output, handle: outcome.handle ?? "main", logs: outcome.logs, durationMs };
  else if (outcome.kind === "failed") {
    const { nodeId: _n, ...error } = outcome.error as SerializedError & { nodeId?: string };
    result = { status: "failed", nodeId: node.id, input: shownInput, error, logs: outcome.logs, durationMs };
  } else if (outcome.kind === "wait") {
    const when = outcome.untilMs !== undefined ? `until ${new Date(outcome.untilMs).toISOString()}` : `for ${Math.round((outcome.delayMs ?? 0) / 1000)} s`;
    result = { status: "not_run", nodeId: node.id, input: shownInput, message: `In a run, this step would pause the workflow ${when}. Nothing waits when it runs on its own.`, logs: outcome.logs, durationMs };
  } else {
    result = { status: "not_run", nodeId: node.id, input: shownInput, message: "In a run, this step would start the other workflow. It is not started when the step runs on its own: use Test run.", logs: outcome.logs, durationMs };
  }
  await recordAudit(db, workspaceId, actor, {
    action: "workflow.step_run",
    targetType: "workflow",
    targetId: wf.id,
    summary: `Ran the step “${node.name}” on its own (${result.status === "succeeded" ? "succeeded" : result.status === "failed" ? "failed" : "not run"})`,
    details: { nodeId: node.id, nodeType: node.type, runId: exec.id, status: result.status, durationMs, ...(result.status === "failed" ? { error: result.error.message } : {}) },
  });
  return result;
}
