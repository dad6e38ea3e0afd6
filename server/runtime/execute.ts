// Runs one claimed step: build the expression context, render the config's templates, parse the
// config, call the node with a timeout/cancel signal, and describe the outcome. Writes nothing.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { NonRetryableError, serializeError, type SerializedError } from "@/server/engine/errors";
import { evaluateExpression, mayReadSteps, type ExpressionContext } from "@/server/engine/expression";
import { findTemplateFields, formatPath, resolveConfigTemplates, resolveConfigTemplatesDirect, type TemplateField } from "@/server/engine/config-fields";
import type { z } from "zod";
import type { LoadedGraph } from "./graph-store";
import type { LogEntry, NodeResult, NodeRunContext } from "@/server/nodes/executor";
import type { ClaimedStep } from "./queue";
import type { RuntimeContext } from "./context";
import type { StepOutcome } from "./outcome";

export interface ExecutionInfo {
  id: string;
  workspaceId: string;
  workflowId: string;
  mode: "production" | "test";
  depth: number;
  graphHash: string;
  triggerData: unknown;
}

const infoCache = new Map<string, ExecutionInfo>();

function remember(info: ExecutionInfo): void {
  if (infoCache.size > 2000) infoCache.delete(infoCache.keys().next().value as string);
  infoCache.set(info.id, info);
}

/** Caches what a claim already read. */
export function primeExecutionInfo(info: ExecutionInfo): void {
  if (!infoCache.has(info.id)) remember(info);
}

/** The immutable part of an execution row, cached per process. */
export async function executionInfo(db: Db, id: string): Promise<ExecutionInfo | undefined> {
  const hit = infoCache.get(id);
  if (hit) return hit;
  const [r] = await queryRows<{ id: string; workspace_id: string; workflow_id: string; mode: "production" | "test"; depth: number; graph_hash: string; trigger_data: unknown }>(
    db,
    sql`select id, workspace_id, workflow_id, mode, depth, graph_hash, trigger_data from executions where id = ${id}`,
  );
  if (!r) return undefined;
  const info = { id: r.id, workspaceId: r.workspace_id, workflowId: r.workflow_id, mode: r.mode, depth: r.depth, graphHash: r.graph_hash, triggerData: r.trigger_data };
  remember(info);
  return info;
}

/**
 * Outputs of the nodes before this one when all of them are in memory: a chain that began at the
 * trigger holds every earlier output (an execution not yet stored has nothing else). Undefined
 * when some must be read from the database.
 */
function stepsInMemory(g: LoadedGraph, step: { nodeId: string; scope: string }, extra: Map<string, unknown>, uncommitted: boolean): Record<string, unknown> | undefined {
  const ancestors = g.index.ancestors.get(step.nodeId);
  const steps: Record<string, unknown> = {};
  if (!ancestors || ancestors.size === 0) return steps;
  if (!uncommitted && (step.scope !== "" || ![...ancestors].every((a) => extra.has(a)))) return undefined;
  for (const a of ancestors) {
    if (!extra.has(a)) continue;
    const node = g.index.nodes.get(a);
    steps[a] = extra.get(a);
    if (node) steps[node.name] = extra.get(a);
  }
  return steps;
}

/** Outputs of the nodes before this one, innermost loop scope first; by node name and id. */
async function loadSteps(
  db: Db,
  exec: ExecutionInfo,
  g: LoadedGraph,
  step: { nodeId: string; scope: string },
  extra: Map<string, unknown>,
  uncommitted = false,
): Promise<Record<string, unknown>> {
  const inMemory = stepsInMemory(g, step, extra, uncommitted);
  if (inMemory) return inMemory;
  const ancestors = [...(g.index.ancestors.get(step.nodeId) ?? [])];
  const steps: Record<string, unknown> = {};
  const scopes = [""];
  step.scope.split("/").reduce((acc, part) => {
    const s = acc ? `${acc}/${part}` : part;
    if (s) scopes.push(s);
    return s;
  }, "");
  const rows = await queryRows<{ node_id: string; scope: string; output: unknown }>(
    db,
    sql`select node_id, scope, output from step_runs
        where execution_id = ${exec.id} and status = 'succeeded'
          and node_id in (${sql.join(ancestors.map((a) => sql`${a}`), sql`, `)})
          and scope in (${sql.join(scopes.map((s) => sql`${s}`), sql`, `)})`,
  );
  rows.sort((a, b) => a.scope.length - b.scope.length);
  const put = (nodeId: string, output: unknown) => {
    const node = g.index.nodes.get(nodeId);
    steps[nodeId] = output;
    if (node) steps[node.name] = output;
  };
  for (const r of rows) put(r.node_id, r.output);
  for (const [id, out] of extra) if (ancestors.includes(id)) put(id, out);
  return steps;
}

export interface RunStepArgs {
  rt: RuntimeContext;
  exec: ExecutionInfo;
  graph: LoadedGraph;
  step: Pick<ClaimedStep, "id" | "nodeId" | "scope" | "attempt" | "input" | "resume">;
  signal: AbortSignal;
  /** Outputs of chained steps not yet committed, by node id. */
  pending?: Map<string, unknown>;
  /** The execution is not stored yet (intake's prerun): earlier outputs are all in `pending`. */
  uncommitted?: boolean;
  /**
   * When `signal` aborts by itself (intake's prerun has a deadline). If that comes before the
   * node's timeout, the step needs no timer and controller of its own, which were a visible part
   * of a respond-mode request's CPU.
   */
  signalDeadline?: number;
}

type ParsedConfig = { ok: true; data: unknown; fields: TemplateField[] } | { ok: false; message: string };
// Published graphs are cached and never mutated, so a node's config object is parsed (zod) and
// scanned for template fields once, not on every step run.
const parsedConfigs = new WeakMap<object, { def: unknown; parsed: ParsedConfig }>();

function parseConfig(def: { config: z.ZodType }, config: unknown): ParsedConfig {
  const key = config && typeof config === "object" ? config : undefined;
  const hit = key && parsedConfigs.get(key);
  if (hit && hit.def === def) return hit.parsed;
  const r = def.config.safeParse(config);
  let parsed: ParsedConfig;
  if (!r.success) {
    const i = r.error.issues[0]!;
    parsed = { ok: false, message: `Invalid config: ${formatPath(i.path as Array<string | number>) || "config"}: ${i.message}` };
  } else parsed = { ok: true, data: deepFreeze(r.data), fields: findTemplateFields(def.config, r.data) };
  if (key) parsedConfigs.set(key, { def, parsed });
  return parsed;
}

/** Shared between runs, so no node may change it (a change would leak into the next run). */
function deepFreeze<T>(v: T): T {
  if (v && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const x of Object.values(v)) deepFreeze(x);
  }
  return v;
}

export async function runStep({ rt, exec, graph, step, signal, pending, uncommitted, signalDeadline }: RunStepArgs): Promise<StepOutcome> {
  const logs: LogEntry[] = [];
  const failed = (error: SerializedError): StepOutcome => ({ kind: "failed", error: { ...error, nodeId: step.nodeId }, logs });
  const node = graph.index.nodes.get(step.nodeId);
  const executor = node && rt.registry.executor(node.type);
  if (!node || !executor) return failed({ message: `Node "${step.nodeId}" cannot run (unknown node or type)`, code: "UNKNOWN_NODE", retryable: false });
  const def = executor.definition;
  const input = step.input ?? { from: [] };
  let ctxCache: ExpressionContext | undefined;
  let stepsLoaded = false;
  const nowMs = Date.now();
  // Earlier outputs are read from the database only for expressions that can reach them.
  const expressionContext = async (needSteps = true): Promise<ExpressionContext> => {
    const now = contextNow(needSteps);
    if (now) return now;
    stepsLoaded = true;
    ctxCache!.steps = await loadSteps(rt.db, exec, graph, step, pending ?? new Map(), uncommitted);
    return ctxCache!;
  };
  // The context without waiting, when nothing has to be read (undefined otherwise).
  const contextNow = (needSteps: boolean): ExpressionContext | undefined => {
    ctxCache ??= { trigger: exec.triggerData, steps: {}, item: input.item ?? null, vars: buildVars() };
    if (!needSteps || stepsLoaded) return ctxCache;
    const inMemory = stepsInMemory(graph, step, pending ?? new Map(), !!uncommitted);
    if (!inMemory) return undefined;
    stepsLoaded = true;
    ctxCache.steps = inMemory;
    return ctxCache;
  };
  // vars.input is what arrived on the node's incoming connection(s).
  const buildVars = () => ({
    input: input.from.length > 1 ? input.from.map((d) => d.value) : (input.from[0]?.value ?? null),
    executionId: exec.id,
    workflowId: exec.workflowId,
    mode: exec.mode,
    itemIndex: input.itemIndex ?? null,
    attempt: step.attempt,
  });
  const evalOpts = { limits: rt.options.expressionLimits, nowMs };
  let config: unknown = node.config;
  try {
    // Parse first (the stored config may predate the current definition), then render templates:
    // a template field's value is whatever its expression returns, so it is not parsed again.
    const parsed = parseConfig(def, node.config);
    if (!parsed.ok) throw new NonRetryableError(parsed.message, "CONFIG");
    config = parsed.data;
    const fields = parsed.fields;
    if (fields.length > 0) {
      const needSteps = fields.some((f) => mayReadSteps(f.text));
      // Without waiting when every field is a plain read (most are): fewer promises per step.
      const now = contextNow(needSteps);
      const direct = now && resolveConfigTemplatesDirect(config, now, fields);
      config = direct ? direct.config : await resolveConfigTemplates(def.config, config, await expressionContext(needSteps), evalOpts, fields);
    }
  } catch (e) {
    return failed({ ...serializeError(e), retryable: false });
  }
  const timeoutMs = node.timeoutMs ?? rt.options.nodeTimeoutMs;
  const limit = signalDeadline !== undefined && signalDeadline - nowMs <= timeoutMs ? undefined : stepTimeLimit(signal, timeoutMs);
  const combined = limit?.signal ?? signal;
  const ctx: NodeRunContext = {
    config,
    input: input.from[0]?.value ?? (def.kind === "trigger" ? exec.triggerData : null),
    inputs: input.from,
    node: { id: node.id, name: node.name, type: node.type },
    execution: { id: exec.id, workflowId: exec.workflowId, workspaceId: exec.workspaceId, mode: exec.mode, depth: exec.depth },
    trigger: exec.triggerData,
    item: input.item ?? null,
    itemIndex: input.itemIndex,
    scope: step.scope,
    attempt: step.attempt,
    signal: combined,
    idempotencyKey: `${exec.id}:${node.id}:${step.scope}`,
    resume: step.resume ?? undefined,
    evaluate: async (source) => evaluateExpression(source, await expressionContext(mayReadSteps(source)), evalOpts),
    expressionContext,
    log: (level, message, data) => void logs.push(data === undefined ? { level, message } : { level, message, data }),
    now: nowMs,
  };
  let result: NodeResult;
  try {
    result = await abortable(executor.run(ctx), combined);
  } catch (e) {
    if (limit?.timedOut()) return failed({ message: `Node timed out after ${timeoutMs} ms`, code: "TIMEOUT" });
    if (signal.aborted) return failed({ message: "Step was interrupted", code: "ABORTED" });
    return failed(serializeError(e));
  } finally {
    limit?.release();
  }
  if ("wait" in result) return { kind: "wait", ...result.wait, logs };
  if ("call" in result) return { kind: "call", ...result.call, logs };
  if (result.handle !== undefined && !def.outputs(node.config).includes(result.handle) && result.handle !== "error") {
    return failed({ message: `Node returned an unknown output "${result.handle}"`, code: "BAD_HANDLE", retryable: false });
  }
  return { kind: "succeeded", output: result.output, handle: result.handle, logs };
}

/** One controller per step, aborted by the caller's signal (cancel, lost lease) or the node timeout. */
function stepTimeLimit(outer: AbortSignal, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`Node timed out after ${timeoutMs} ms`));
  }, timeoutMs);
  const onOuterAbort = () => controller.abort(outer.reason);
  if (outer.aborted) onOuterAbort();
  else outer.addEventListener("abort", onOuterAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    release() {
      clearTimeout(timer);
      outer.removeEventListener("abort", onOuterAbort);
    },
  };
}

function abortable<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
