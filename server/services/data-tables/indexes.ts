// Per-field expression indexes: one partial B-tree on data_rows per (table, indexed field), over
// exactly the expression the grid sorts and filters by, plus the id as a tie-breaker for keyset
// pagination. Partial (WHERE table_id = …) so each index holds only its own table's rows.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dataTables } from "@/db/schema";
import type { FieldDef, TableDef } from "@/server/data/field-types";
import { sortKindOf } from "@/server/data/row-query";
import { fieldExprText, tableIdLiteral } from "./row-sql";

/**
 * The name encodes table, field key and comparison kind, so a rename or a retype that changes
 * the expression yields a new name: the sync then drops the stale index and builds the new one.
 */
export function fieldIndexName(tableId: string, f: FieldDef): string {
  const h = createHash("sha256").update(`${tableId}:${f.key}:${sortKindOf(f)}`).digest("hex").slice(0, 24);
  return `data_rows_f_${h}`;
}

export function wantedIndexes(tableId: string, def: TableDef): Map<string, FieldDef> {
  const out = new Map<string, FieldDef>();
  for (const f of def.fields) if (f.indexed && f.type !== "json" && f.type !== "long_text") out.set(fieldIndexName(tableId, f), f);
  return out;
}

/**
 * Makes the table's indexes match its definition. Runs after the definition is committed. It is
 * not CONCURRENTLY (which cannot run inside a transaction, and PGlite has one connection), so
 * writes to data_rows wait while an index on a large table builds; see decision 0401.
 */
export async function syncFieldIndexes(db: Db, tableId: string, def: TableDef, existing: readonly string[]): Promise<string[]> {
  const wanted = wantedIndexes(tableId, def);
  for (const name of existing) if (!wanted.has(name)) await db.execute(sql.raw(`drop index if exists "${name}"`));
  for (const [name, f] of wanted) {
    if (existing.includes(name)) continue;
    await db.execute(sql`create index if not exists ${sql.raw(`"${name}"`)} on data_rows (${sql.raw(fieldExprText(f))}, "id") where table_id = ${tableIdLiteral(tableId)}`);
  }
  const names = [...wanted.keys()];
  await db.update(dataTables).set({ indexedFields: names }).where(eq(dataTables.id, tableId));
  return names;
}

/** On table deletion for good (not used by soft delete): the partial indexes go too. */
export async function dropFieldIndexes(db: Db, names: readonly string[]): Promise<void> {
  for (const name of names) await db.execute(sql.raw(`drop index if exists "${name}"`));
}
