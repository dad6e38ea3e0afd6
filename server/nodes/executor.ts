// The server-only half of a node type: what its run function receives and returns.
import type { z } from "zod";
import type { NodeDefinition } from "./define-node";
import type { Delivery } from "@/server/engine/state";
import type { ExpressionContext } from "@/server/engine/expression";

export interface LogEntry {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  data?: unknown;
}

export interface NodeRunContext<C = unknown> {
  /** The node's config, parsed by its schema, templates rendered. */
  config: C;
  /** The data that arrived: the first incoming value (most nodes have one input). */
  input: unknown;
  /** Every incoming delivery, in connection order (Merge and joins). */
  inputs: Delivery[];
  node: { id: string; name: string; type: string };
  execution: { id: string; workflowId: string; workspaceId: string; mode: "production" | "test"; depth: number };
  trigger: unknown;
  item: unknown;
  itemIndex: number | undefined;
  scope: string;
  attempt: number;
  /** Aborted on timeout, cancel or lost lease. */
  signal: AbortSignal;
  /** `{executionId}:{nodeId}:{scope}`: stable across attempts, for idempotent side effects. */
  idempotencyKey: string;
  /** Set when a parked step wakes up. */
  resume?: ResumeData;
  /** Evaluates a JSONata expression over { trigger, steps, item, vars } with the engine's limits. */
  evaluate(expression: string): Promise<unknown>;
  /** The data expressions see; `needSteps: false` skips loading earlier steps' outputs. */
  expressionContext(needSteps?: boolean): Promise<ExpressionContext>;
  log(level: LogEntry["level"], message: string, data?: unknown): void;
  /** Milliseconds since epoch at the start of this step (worker clock; for display, not leases). */
  now: number;
}

export type ResumeData =
  | { kind: "wait" }
  | { kind: "child"; executionId: string; status: "succeeded" | "failed" | "canceled"; result?: unknown; error?: { message: string; code?: string } };

export type NodeResult =
  | { output: unknown; handle?: string }
  /** Park the step; it is claimed again at that time and run with ctx.resume = { kind: "wait" }. */
  | { wait: { untilMs: number } | { delayMs: number } }
  /** Start another workflow; with wait, the step parks until the child ends. */
  | { call: { workflowId: string; input: unknown; wait: boolean } };

export type RunFunction<C> = (ctx: NodeRunContext<C>) => Promise<NodeResult>;

export interface NodeExecutor<C extends z.ZodType = z.ZodType> {
  definition: NodeDefinition<C>;
  run: RunFunction<z.output<C>>;
}

export function defineExecutor<C extends z.ZodType>(definition: NodeDefinition<C>, run: RunFunction<z.output<C>>): NodeExecutor<C> {
  return { definition, run };
}
