// Shared pieces of the data-table services: who writes, how a table is loaded and locked, and how
// validation failures become the domain's ValidationError.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataTables } from "@/db/schema";
import { tableDefSchema, type TableDef } from "@/server/data/field-types";
import type { FieldError } from "@/server/data/validate-record";
import type { Actor } from "../audit";
import { NotFoundError, ValidationError } from "../errors";
import { liveRowCount } from "./row-count";

/**
 * Who makes a write. A person editing in the grid has an actor with a user id; a flow has the
 * execution id (the actor is then the system). Both are stored on the row.
 */
export interface Writer {
  actor: Actor;
  executionId?: string | null;
}

export function authorColumns(w: Writer) {
  return { executionId: w.executionId ?? null, userId: w.actor.id };
}

export interface LoadedTable {
  id: string;
  workspaceId: string;
  name: string;
  def: TableDef;
  schemaVersion: number;
  rowCount: number;
  indexedFields: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/**
 * How a write or a schema change locks the table. Row writers take a shared advisory lock on the
 * table id (many at once; unlike FOR SHARE on the metadata row it writes nothing, so hundreds of
 * concurrent writers do not fight over one tuple); schema changes take it exclusively, which
 * waits for running writers and holds off new ones, so no row is written under an old definition.
 * Transaction-scoped: released at commit or rollback.
 */
export type TableLock = "none" | "write" | "schema";

const LOCK_NAMESPACE = 0x5359; // "SY"

/** A table by id or by name (flows and templates use names), in the workspace only. */
export async function loadTable(db: Db, workspaceId: string, ref: string, lock: TableLock = "none"): Promise<LoadedTable> {
  const byRef = isUuid(ref) ? eq(dataTables.id, ref) : sql`lower(${dataTables.name}) = lower(${ref.trim()})`;
  const notFound = () => new NotFoundError(isUuid(ref) ? "Data table" : `Data table "${ref}"`);
  const where = and(eq(dataTables.workspaceId, workspaceId), isNull(dataTables.deletedAt), byRef);
  if (lock !== "none") {
    // Find and lock in one statement (one round trip less on every write).
    const fn = sql.raw(lock === "schema" ? "pg_advisory_xact_lock" : "pg_advisory_xact_lock_shared");
    const [found] = await db
      .select({ locked: sql<string>`${fn}(${LOCK_NAMESPACE}, hashtext("data_tables"."id"::text))::text` })
      .from(dataTables)
      .where(where);
    if (!found) throw notFound();
  }
  // Read (again) after the lock: a schema change that committed meanwhile is now visible.
  const q = db.select({ row: dataTables, rowCount: liveRowCount() }).from(dataTables).where(where);
  const [loaded] = lock === "schema" ? await q.for("update", { of: dataTables }) : await q;
  const row = loaded?.row;
  if (!row) throw notFound();
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    name: row.name,
    def: tableDefSchema.parse(row.definition),
    schemaVersion: row.schemaVersion,
    rowCount: loaded!.rowCount,
    indexedFields: row.indexedFields,
  };
}

export function fieldErrorsToValidation(message: string, errors: FieldError[], prefix = ""): ValidationError {
  return new ValidationError(
    message,
    errors.map((e) => ({ path: prefix + e.field, message: e.message })),
  );
}

/** zod-style parse that throws the domain ValidationError with per-field paths. */
export function parseOrThrow<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  input: unknown,
): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues[0]?.message ?? "Invalid input",
    r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}

/** "E-mail + Segment": the words a message uses for the table's duplicate rule. */
export function keyLabel(def: TableDef): string {
  return (def.uniqueKey ?? []).map((k) => def.fields.find((f) => f.key === k)?.label ?? k).join(" + ");
}

/** A key string back to readable words: ["ann@x.com"] → ann@x.com. */
export function describeKey(uniqueKey: string | null): string {
  if (!uniqueKey) return "";
  try {
    return (JSON.parse(uniqueKey) as string[]).join(", ");
  } catch {
    return uniqueKey;
  }
}

/** Row counts change in the same transaction as the rows they count, without a hot row (row-count.ts). */
export { adjustRowCount } from "./row-count";
