// The interpreter's state for one execution. Plain JSON (it is stored in executions.state).
// Steps are addressed by (nodeId, scope): scope "" is the top level, and "loopId:3" or
// "outer:1/inner:0" is one item of a loop (nested loops nest scopes).
import type { SerializedError } from "./errors";

export interface Delivery {
  edge: string;
  source: string;
  handle: string;
  value: unknown;
}

/** What a step receives: the data that came down its incoming edges, and its loop item. */
export interface StepInput {
  from: Delivery[];
  item?: unknown;
  itemIndex?: number;
}

export interface LoopState {
  items: unknown[];
  next: number;
  running: number;
  concurrency: number;
  /** Index-aligned results; null for items that produced nothing or failed. */
  results: unknown[];
  failures: Array<{ index: number; item: unknown; error: SerializedError }>;
}

export interface RunState {
  v: 1;
  status: "running" | "succeeded" | "failed" | "canceled";
  /** In-flight work per scope: queued/running steps plus running loops. */
  active: Record<string, number>;
  /** Nodes with several inputs waiting for the rest: `${scope}|${nodeId}`. */
  joins: Record<string, { got: Record<string, 0 | 1>; from: Delivery[] }>;
  loops: Record<string, LoopState>;
  /** Per loop item scope: its result (from a back edge, else its last terminal output). */
  itemResults: Record<string, { value: unknown; fromBackEdge: boolean }>;
  /** Per loop item scope: the first unhandled error. */
  itemErrors: Record<string, SerializedError>;
  /** Top-level outputs of nodes that had no live successor: the execution's result. */
  terminals: Record<string, unknown>;
  error?: SerializedError;
}

export function initialState(): RunState {
  return { v: 1, status: "running", active: { "": 0 }, joins: {}, loops: {}, itemResults: {}, itemErrors: {}, terminals: {} };
}

export const ROOT_SCOPE = "";

export function itemScope(parent: string, loopId: string, index: number): string {
  return `${parent}${parent ? "/" : ""}${loopId}:${index}`;
}

/** Splits "a:1/b:2" into its parent scope "a:1", loop "b" and index 2; undefined for the root. */
export function parseScope(scope: string): { parent: string; loopId: string; index: number } | undefined {
  if (!scope) return undefined;
  const slash = scope.lastIndexOf("/");
  const last = scope.slice(slash + 1);
  const colon = last.lastIndexOf(":");
  return { parent: slash < 0 ? "" : scope.slice(0, slash), loopId: last.slice(0, colon), index: Number(last.slice(colon + 1)) };
}

export function loopKey(scope: string, loopId: string): string {
  return `${scope}|${loopId}`;
}

export function joinKey(scope: string, nodeId: string): string {
  return `${scope}|${nodeId}`;
}
