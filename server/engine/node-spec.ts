// What the engine needs to know about a node type. The catalogue in server/nodes implements it;
// the engine takes it as a parameter so it never imports node code.
import type { z } from "zod";
import type { RetryPolicy } from "./retry";

export type NodeKind = "trigger" | "action" | "loop" | "note";

export interface NodeSpec {
  type: string;
  kind: NodeKind;
  config: z.ZodType;
  /** Output handles for a given (parsed) config, without the `error` handle. */
  outputs(config: unknown): readonly string[];
  /** Whether the node has an `error` output handle. */
  canFail: boolean;
  sideEffect: boolean;
  retry?: Partial<RetryPolicy>;
  /** For triggers: which start reasons this trigger answers ("manual", "webhook", "schedule", "error"). */
  triggerKind?: string;
  /** Expressions (not templates) inside the config, for the validator to check statically. */
  expressions?(config: unknown): Array<{ path: string; source: string }>;
}

export interface NodeCatalogLookup {
  get(type: string): NodeSpec | undefined;
}

export const ERROR_HANDLE = "error";
/** Loop handles: once per item, and once after all items. */
export const LOOP_ITEM_HANDLE = "item";
export const LOOP_DONE_HANDLE = "done";

export function handlesOf(spec: NodeSpec, config: unknown): string[] {
  const out = [...spec.outputs(config)];
  if (spec.canFail && !out.includes(ERROR_HANDLE)) out.push(ERROR_HANDLE);
  return out;
}
