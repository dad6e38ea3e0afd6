// The write path every keyed write shares (Upsert node, CSV import, Insert's duplicate check):
// insert-or-update by normalized unique key, safe under concurrent writers because the database's
// unique index (data_rows_table_key_uq) is the arbiter, not a read-then-write in application code.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { RecordValues } from "@/server/data/validate-record";
import { tableIdLiteral } from "./row-sql";

export type UpsertOutcome = "created" | "updated" | "unchanged";
export type UpsertMode = "merge" | "replace";

export interface KeyedWrite {
  uniqueKey: string;
  /** The whole record as inserted (defaults applied). */
  insertValues: RecordValues;
  /** What an existing record receives: merged over it (merge) or replacing it (replace). */
  setValues: RecordValues;
  /**
   * Number fields an existing record adds to in place (field key → amount), computed in the
   * UPDATE under its row lock, so concurrent counters never lose an increment. A new record
   * already carries the amount in insertValues.
   */
  add?: Record<string, number>;
}

export interface KeyedResult {
  id: number;
  outcome: UpsertOutcome;
  version: number;
}

export interface RowAuthor {
  executionId: string | null;
  userId: string | null;
}

const CHUNK = 1000;
const MAX_ROUNDS = 5;

/**
 * Writes records with distinct keys. Step 1 inserts all with ON CONFLICT DO NOTHING (the index
 * waits for a concurrent inserter of the same key and then reports the conflict). Step 2 updates
 * the rest under row locks taken in key order (no deadlocks between batches). A row deleted
 * between the two steps comes back to step 1, so nothing is lost.
 */
export async function writeKeyed(db: Db, tableId: string, workspaceId: string, items: KeyedWrite[], mode: UpsertMode, author: RowAuthor): Promise<Map<string, KeyedResult>> {
  const out = new Map<string, KeyedResult>();
  const sorted = [...items].sort((a, b) => (a.uniqueKey < b.uniqueKey ? -1 : a.uniqueKey > b.uniqueKey ? 1 : 0));
  for (let i = 0; i < sorted.length; i += CHUNK) {
    let pending = sorted.slice(i, i + CHUNK);
    for (let round = 0; pending.length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error("Records kept changing while they were being written; try again.");
      const inserted = await insertNew(db, tableId, workspaceId, pending, author);
      for (const r of inserted) out.set(r.uniqueKey, { id: r.id, version: r.version, outcome: "created" });
      const rest = pending.filter((p) => !out.has(p.uniqueKey));
      if (rest.length === 0) break;
      const updated = await updateExisting(db, tableId, rest, mode, author);
      for (const u of updated) out.set(u.k, { id: Number(u.id), version: Number(u.version), outcome: u.changed ? "updated" : "unchanged" });
      pending = rest.filter((p) => !out.has(p.uniqueKey));
    }
  }
  return out;
}

/**
 * One JSON parameter for the whole chunk rather than 8 bind parameters per row: building and
 * binding 8,000 parameters costs more than the insert itself (CSV import throughput).
 */
async function insertNew(db: Db, tableId: string, workspaceId: string, items: KeyedWrite[], author: RowAuthor) {
  const input = JSON.stringify(items.map((it) => ({ k: it.uniqueKey, v: it.insertValues })));
  const rows = await queryRows<{ id: string | number; unique_key: string; version: number }>(
    db,
    sql`insert into data_rows (table_id, workspace_id, "values", unique_key, created_by_execution, created_by_user, updated_by_execution, updated_by_user)
      select ${tableIdLiteral(tableId)}, ${workspaceId}::uuid, i.v, i.k, ${author.executionId}::uuid, ${author.userId}::text, ${author.executionId}::uuid, ${author.userId}::text
      from jsonb_to_recordset(${input}::jsonb) as i(k text, v jsonb)
      on conflict (table_id, unique_key) do nothing
      returning id, unique_key, version`,
  );
  return rows.map((r) => ({ id: Number(r.id), uniqueKey: r.unique_key, version: Number(r.version) }));
}

async function updateExisting(db: Db, tableId: string, items: KeyedWrite[], mode: UpsertMode, author: RowAuthor) {
  const input = JSON.stringify(items.map((it) => ({ k: it.uniqueKey, g: it.setValues, a: it.add ?? null })));
  // Increments read the stored value of the locked row version: no lost update between writers.
  const added = sql`coalesce((select jsonb_object_agg(e.key, to_jsonb(coalesce((cur.v ->> e.key)::numeric, 0) + (e.value #>> '{}')::numeric)) from jsonb_each(cur.a) e), '{}'::jsonb)`;
  const next = mode === "replace" ? sql`cur.g || ${added}` : sql`cur.v || cur.g || ${added}`;
  return queryRows<{ k: string; id: string | number; version: string | number; changed: boolean }>(
    db,
    sql`with input as (select * from jsonb_to_recordset(${input}::jsonb) as i(k text, g jsonb, a jsonb)),
      cur as (
        select d.id, d."values" as v, d.version, i.k, i.g, i.a
        from data_rows d join input i on d.unique_key = i.k
        where d.table_id = ${tableIdLiteral(tableId)}
        order by d.unique_key
        for update of d
      ),
      upd as (
        update data_rows d set "values" = ${next}, version = cur.version + 1,
          updated_by_execution = ${author.executionId}::uuid, updated_by_user = ${author.userId}::text, updated_at = now()
        from cur where d.id = cur.id and cur.v is distinct from (${next})
        returning d.id, d.version
      )
      select cur.k, cur.id, coalesce(upd.version, cur.version) as version, (upd.id is not null) as changed
      from cur left join upd on upd.id = cur.id`,
  );
}

/** Which of these normalized keys already exist in the table (CSV preview, Dedupe against a table). */
export async function existingKeys(db: Db, tableId: string, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const batch = JSON.stringify(keys.slice(i, i + CHUNK));
    const rows = await queryRows<{ unique_key: string }>(
      db,
      sql`select unique_key from data_rows where table_id = ${tableIdLiteral(tableId)}
          and unique_key in (select jsonb_array_elements_text(${batch}::jsonb))`,
    );
    for (const r of rows) found.add(r.unique_key);
  }
  return found;
}

/** Ids of the records with these keys (Dedupe against a table reports which record it matched). */
export async function idsByKey(db: Db, tableId: string, keys: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (let i = 0; i < keys.length; i += CHUNK) {
    const batch = JSON.stringify(keys.slice(i, i + CHUNK));
    const rows = await queryRows<{ unique_key: string; id: string | number }>(
      db,
      sql`select unique_key, id from data_rows where table_id = ${tableIdLiteral(tableId)}
          and unique_key in (select jsonb_array_elements_text(${batch}::jsonb))`,
    );
    for (const r of rows) out.set(r.unique_key, Number(r.id));
  }
  return out;
}
