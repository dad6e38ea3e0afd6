// Row counts without a hot row. A transaction that inserts or deletes rows appends its change to
// data_table_row_deltas (a new row each time: writers never wait for each other), and the exact
// count is data_tables.row_count plus the table's deltas, read in one statement (one snapshot).
// Every COMPACT_EVERY-th delta, its writer folds the table's committed deltas into row_count in
// the same transaction, so the deltas stay few. Why not one counter row: every creating
// transaction of a table then waited for the previous one's commit (docs/decisions/0903).
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";

/** Roughly how many deltas (over all tables) pass between two compactions of a table's deltas. */
export const COMPACT_EVERY = 32;

const COMPACT_LOCK_NAMESPACE = 0x535a; // "SZ"; the table write/schema lock uses 0x5359

/**
 * The exact row count of the data_tables row in scope, as a select expression. Qualified by hand:
 * Drizzle writes a lone table's columns unqualified, and inside the subquery "id" would be the
 * delta's id.
 */
export function liveRowCount(): SQL<number> {
  return sql<number>`("data_tables"."row_count" + coalesce((select sum(d.delta) from data_table_row_deltas d where d.table_id = "data_tables"."id"), 0))::bigint`.mapWith(Number);
}

/**
 * Records a change of the row count in the caller's transaction (it commits or rolls back with
 * the rows it counts). Must run inside a transaction.
 */
export async function adjustRowCount(tx: Db, tableId: string, delta: number): Promise<void> {
  if (delta === 0) return;
  const [row] = await queryRows<{ id: string | number }>(tx, sql`insert into data_table_row_deltas (table_id, delta) values (${tableId}::uuid, ${delta}) returning id`);
  if (Number(row!.id) % COMPACT_EVERY === 0) await compactInTx(tx, tableId);
}

/**
 * Folds the table's committed deltas into row_count. Only one compactor per table at a time; a
 * writer that finds another one at work skips (it never waits). Deltas of transactions still in
 * flight are not visible to the DELETE and stay for the next compaction. The DELETE and the
 * UPDATE commit together, so a reader sees a delta either in the table or in row_count, never
 * in both or neither.
 */
async function compactInTx(tx: Db, tableId: string): Promise<boolean> {
  const [lock] = await queryRows<{ ok: boolean }>(tx, sql`select pg_try_advisory_xact_lock(${COMPACT_LOCK_NAMESPACE}, hashtext(${tableId})) as ok`);
  if (!lock?.ok) return false;
  await tx.execute(
    sql`with d as (delete from data_table_row_deltas where table_id = ${tableId}::uuid returning delta)
        update data_tables set row_count = row_count + (select coalesce(sum(delta), 0) from d)
        where id = ${tableId}::uuid and exists (select 1 from d)`,
  );
  return true;
}

/** Compacts one table's deltas now (tests, maintenance). False when another compactor was at work. */
export async function compactRowCount(db: Db, tableId: string): Promise<boolean> {
  return db.transaction((tx) => compactInTx(tx, tableId));
}
