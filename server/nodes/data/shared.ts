// Helpers for the data-table executors: where records come from, who the writer is, and how
// service errors become node errors (validation and not-found are not worth retrying).
import "server-only";
import { NonRetryableError } from "@/server/engine/errors";
import { isDomainError } from "@/server/services/errors";
import type { Writer } from "@/server/services/data-tables";
import type { NodeRunContext } from "../executor";

export type Rec = Record<string, unknown>;

function isRecord(v: unknown): v is Rec {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The records a node works on, and whether it got one record (its output is then one object too). */
export function recordsOf(
  ctx: NodeRunContext<{ source?: "input" | "fields"; records?: unknown; fields?: { name: string; value?: unknown }[] }>,
): { list: Rec[]; single: boolean } {
  const c = ctx.config;
  if (c.source === "fields") {
    const rec: Rec = {};
    for (const f of c.fields ?? []) rec[f.name] = f.value;
    return { list: [rec], single: true };
  }
  const raw = c.records === "" || c.records === undefined || c.records === null ? ctx.input : c.records;
  if (Array.isArray(raw)) {
    const bad = raw.findIndex((r) => !isRecord(r));
    if (bad >= 0) throw new NonRetryableError(`Item ${bad + 1} of the list is not a record (an object with fields)`, "DATA_BAD_INPUT");
    return { list: raw as Rec[], single: false };
  }
  if (isRecord(raw)) return { list: [raw], single: true };
  throw new NonRetryableError("The node needs a record (an object with fields) or a list of records", "DATA_BAD_INPUT");
}

export function writerOf(ctx: NodeRunContext): Writer {
  return { actor: { id: null, label: `Workflow run ${ctx.execution.id}` }, executionId: ctx.execution.id };
}

/** Runs a service call; domain errors (validation, not found, conflict) fail at once instead of retrying. */
export async function service<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDomainError(e)) {
      const code = { validation: "DATA_VALIDATION", not_found: "DATA_NOT_FOUND", conflict: "DATA_CONFLICT", forbidden: "DATA_FORBIDDEN" }[e.kind];
      throw new NonRetryableError(e.message, code, "issues" in e ? { issues: e.issues } : undefined);
    }
    throw e;
  }
}
