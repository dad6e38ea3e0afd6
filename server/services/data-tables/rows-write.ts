// Writing rows by hand or from flows: insert, upsert by key, update, delete. Every record goes
// through prepareRecord (types, clean-up, rules, key); every row records which user or
// execution wrote it. A person's writes are audited; a flow's writes are traced on the row and in
// the execution's step log instead (an audit row per upsert would drown the log).
import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { dataRows } from "@/db/schema";
import { isEmpty } from "@/server/data/coerce-field";
import type { RowFilter } from "@/server/data/row-query";
import { computeUniqueKey, prepareRecord, type FieldError, type RecordValues } from "@/server/data/validate-record";
import { recordAudit } from "../audit";
import { ConflictError, NotFoundError, ValidationError } from "../errors";
import { adjustRowCount, authorColumns, describeKey, keyLabel, loadTable, type LoadedTable, type Writer } from "./common";
import { findRowsIn, type DataRow } from "./rows-read";
import { writeKeyed, type KeyedWrite, type UpsertMode, type UpsertOutcome } from "./upsert-sql";

export const MAX_RECORDS_PER_CALL = 10_000;

function prepareAll(t: LoadedTable, records: Record<string, unknown>[]): { values: RecordValues; uniqueKey: string | null }[] {
  if (records.length > MAX_RECORDS_PER_CALL) throw new ValidationError(`At most ${MAX_RECORDS_PER_CALL} records per call; got ${records.length}.`);
  const errors: FieldError[] = [];
  const out = records.map((rec, i) => {
    const r = prepareRecord(t.def, rec ?? {});
    if (r.ok) return r;
    for (const e of r.errors) errors.push({ field: records.length === 1 ? e.field : `${i}.${e.field}`, message: records.length === 1 ? e.message : `Record ${i + 1}: ${e.message}` });
    return { values: {}, uniqueKey: null };
  });
  if (errors.length) throw new ValidationError(errors[0]!.message, errors.map((e) => ({ path: e.field, message: e.message })));
  return out;
}

async function auditUserWrite(db: Db, t: LoadedTable, w: Writer, action: string, summary: string, details?: Record<string, unknown>) {
  if (w.executionId) return;
  await recordAudit(db, t.workspaceId, w.actor, { action, targetType: "data_table", targetId: t.id, summary, details });
}

/** Inserts new records; a record whose key already exists is refused (use upsert to merge). */
export async function insertRows(db: Db, workspaceId: string, w: Writer, tableRef: string, records: Record<string, unknown>[]): Promise<DataRow[]> {
  return db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "write");
    const prepared = prepareAll(t, records);
    const a = authorColumns(w);
    // DO NOTHING instead of catching the violation: an error would abort the transaction, and we
    // want to name the duplicates.
    const inserted = await tx
      .insert(dataRows)
      .values(
        prepared.map((p) => ({
          tableId: t.id,
          workspaceId,
          values: p.values,
          uniqueKey: p.uniqueKey,
          createdByExecution: a.executionId,
          createdByUser: a.userId,
          updatedByExecution: a.executionId,
          updatedByUser: a.userId,
        })),
      )
      .onConflictDoNothing({ target: [dataRows.tableId, dataRows.uniqueKey] })
      .returning();
    if (inserted.length < prepared.length) {
      const written = new Set(inserted.map((r) => r.uniqueKey));
      const dupes = [...new Set(prepared.map((p) => p.uniqueKey).filter((k): k is string => k !== null && !written.has(k)))];
      const inInput = prepared.map((p) => p.uniqueKey).filter((k, i, all) => k !== null && all.indexOf(k) !== i);
      throw new ConflictError(`A record with this ${keyLabel(t.def)} already exists: ${[...new Set([...dupes, ...inInput])].map(describeKey).join("; ")}.`);
    }
    await adjustRowCount(tx, t.id, inserted.length);
    await auditUserWrite(tx, t, w, "data_row.insert", `Added ${inserted.length} record${inserted.length === 1 ? "" : "s"} to "${t.name}"`, { ids: inserted.map((r) => r.id).slice(0, 100) });
    return inserted;
  });
}

export interface UpsertResult {
  created: number;
  updated: number;
  unchanged: number;
  /** One per input record, in input order. */
  rows: { id: number; outcome: UpsertOutcome; version: number }[];
}

export interface UpsertOptions {
  /**
   * Number fields to add to rather than overwrite (field key → amount), e.g. { leads: 1 } for a
   * daily counter. An existing record gets stored + amount, computed in the database under the
   * row lock (concurrent writers never lose an increment, and the lock is held for one UPDATE
   * and the commit); a new record starts at its given value (or default, or 0) + amount.
   */
  add?: Record<string, number>;
  /**
   * Apply `add` at most once for this key (a step's idempotency key): recorded in
   * data_write_ledger in the same transaction, so a re-run of a step whose write committed adds
   * nothing (the other fields are still written; merging them again changes nothing).
   */
  once?: string;
}

const LEDGER_KEEP_DAYS = 7;

/** True when this key is new (the increments may be applied); false when an earlier run applied them. */
async function claimOnce(db: Db, tableId: string, once: string): Promise<boolean> {
  const rows = await queryRows<{ key: string }>(db, sql`insert into data_write_ledger (key) values (${`${tableId}:${once}`}) on conflict (key) do nothing returning key`);
  // Now and then, forget keys old enough that no step can still be re-run with them.
  if (Math.random() < 1 / 500) {
    await db.execute(sql`delete from data_write_ledger where key in (select key from data_write_ledger where created_at < now() - ${LEDGER_KEEP_DAYS} * interval '1 day' limit 1000)`);
  }
  return rows.length > 0;
}

function checkIncrements(t: LoadedTable, add: Record<string, number>): void {
  for (const [key, by] of Object.entries(add)) {
    const f = t.def.fields.find((x) => x.key === key);
    if (!f) throw new ValidationError(`There is no field '${key}' in ${t.name}`, [{ path: `add.${key}`, message: "No such field" }]);
    if (f.type !== "number") throw new ValidationError(`${f.label} is not a number field, so nothing can be added to it.`, [{ path: `add.${key}`, message: "Not a number field" }]);
    if (!Number.isFinite(by)) throw new ValidationError(`The amount to add to ${f.label} is not a number.`, [{ path: `add.${key}`, message: "Not a number" }]);
    if (f.validation?.integer && !Number.isInteger(by)) throw new ValidationError(`${f.label} holds whole numbers; ${by} cannot be added.`, [{ path: `add.${key}`, message: "Not a whole number" }]);
    if ((t.def.uniqueKey ?? []).includes(key)) throw new ValidationError(`${f.label} is part of the unique key and cannot be added to.`, [{ path: `add.${key}`, message: "Part of the unique key" }]);
  }
}

/**
 * Insert-or-update by the table's unique key. In "merge" mode (the default) only the fields the
 * record gives with a value overwrite the stored ones; empty fields and defaults never wipe data
 * a colleague entered. "replace" stores the record as given.
 */
export async function upsertRowsIn(db: Db, t: LoadedTable, w: Writer, records: Record<string, unknown>[], mode: UpsertMode = "merge", opts: UpsertOptions = {}): Promise<UpsertResult> {
  if (!t.def.uniqueKey) throw new ValidationError(`"${t.name}" has no unique key, so records cannot be matched. Set a unique key or use Insert.`);
  let add = Object.fromEntries(Object.entries(opts.add ?? {}).filter(([, by]) => by !== 0));
  if (Object.keys(add).length > 0) checkIncrements(t, add);
  if (Object.keys(add).length > 0 && opts.once && !(await claimOnce(db, t.id, opts.once))) add = {};
  const adding = Object.keys(add).length > 0;
  const prepared = prepareAll(t, records);
  const byKey = new Map<string, KeyedWrite>();
  prepared.forEach((p, i) => {
    const key = p.uniqueKey as string;
    const given: RecordValues = {};
    for (const [k, v] of Object.entries(p.values)) if (!isEmpty(records[i]![k])) given[k] = v;
    const setValues: RecordValues = mode === "replace" ? { ...p.values } : given;
    const prev = byKey.get(key);
    if (!adding) {
      // The same key twice in one call: the later record wins field by field, as two calls would.
      byKey.set(key, prev ? { uniqueKey: key, insertValues: { ...prev.insertValues, ...given }, setValues: { ...prev.setValues, ...setValues } } : { uniqueKey: key, insertValues: p.values, setValues });
      return;
    }
    // Counters: the stored value is never overwritten, only added to; a key repeated in the call adds twice.
    const insertValues: RecordValues = prev ? { ...prev.insertValues, ...given } : { ...p.values };
    const sum: Record<string, number> = { ...(prev?.add ?? {}) };
    for (const [k, by] of Object.entries(add)) {
      delete setValues[k];
      sum[k] = (sum[k] ?? 0) + by;
      const start = prev ? prev.insertValues[k] : p.values[k];
      insertValues[k] = (typeof start === "number" ? start : 0) + by;
    }
    byKey.set(key, { uniqueKey: key, insertValues, setValues: prev ? { ...prev.setValues, ...setValues } : setValues, add: sum });
  });
  const results = await writeKeyed(db, t.id, t.workspaceId, [...byKey.values()], mode, authorColumns(w));
  const seen = new Set<string>();
  const rows = prepared.map((p) => {
    const r = results.get(p.uniqueKey as string)!;
    const first = !seen.has(p.uniqueKey as string);
    seen.add(p.uniqueKey as string);
    return { id: r.id, version: r.version, outcome: first ? r.outcome : ("updated" as const) };
  });
  const count = (o: UpsertOutcome) => rows.filter((r) => r.outcome === o).length;
  const created = [...results.values()].filter((r) => r.outcome === "created").length;
  await adjustRowCount(db, t.id, created);
  return { created: count("created"), updated: count("updated"), unchanged: count("unchanged"), rows };
}

export async function upsertRows(db: Db, workspaceId: string, w: Writer, tableRef: string, records: Record<string, unknown>[], mode: UpsertMode = "merge", opts: UpsertOptions = {}): Promise<UpsertResult> {
  return db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "write");
    const r = await upsertRowsIn(tx, t, w, records, mode, opts);
    await auditUserWrite(tx, t, w, "data_row.upsert", `Upserted ${records.length} record(s) in "${t.name}": ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged`);
    return r;
  });
}

/** Changes some fields of one record. `expectedVersion` refuses the edit if someone saved in between. */
export async function updateRowIn(db: Db, t: LoadedTable, w: Writer, id: number, patch: Record<string, unknown>, expectedVersion?: number): Promise<DataRow> {
  const [cur] = await db
    .select()
    .from(dataRows)
    .where(and(eq(dataRows.id, id), eq(dataRows.tableId, t.id), eq(dataRows.workspaceId, t.workspaceId)))
    .for("update");
  if (!cur) throw new NotFoundError("Record");
  if (expectedVersion !== undefined && cur.version !== expectedVersion) throw new ConflictError("Someone else changed this record since you opened it. Reload to see their change.");
  const r = prepareRecord(t.def, patch, { partial: true });
  if (!r.ok) throw new ValidationError(r.errors[0]!.message, r.errors.map((e) => ({ path: e.field, message: e.message })));
  const values: RecordValues = { ...(cur.values as RecordValues) };
  for (const [k, v] of Object.entries(r.values)) {
    if (v === null) delete values[k];
    else values[k] = v;
  }
  const a = authorColumns(w);
  try {
    const [row] = await db
      .update(dataRows)
      .set({
        values,
        uniqueKey: computeUniqueKey(t.def, values),
        version: sql`${dataRows.version} + 1`,
        updatedByExecution: a.executionId,
        updatedByUser: a.userId,
        updatedAt: new Date(),
      })
      .where(eq(dataRows.id, id))
      .returning();
    return row!;
  } catch (e) {
    if (!isUniqueViolation(e, "data_rows_table_key_uq")) throw e;
    const key = computeUniqueKey(t.def, values);
    const paths = (t.def.uniqueKey ?? []).map((k) => ({ path: k, message: `Another record already has this ${keyLabel(t.def)}` }));
    throw new ValidationError(`Another record already has this ${keyLabel(t.def)} (${describeKey(key)}).`, paths);
  }
}

export async function updateRow(db: Db, workspaceId: string, w: Writer, tableRef: string, id: number, patch: Record<string, unknown>, expectedVersion?: number): Promise<DataRow> {
  return db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "write");
    const row = await updateRowIn(tx, t, w, id, patch, expectedVersion);
    await auditUserWrite(tx, t, w, "data_row.update", `Changed ${Object.keys(patch).join(", ")} of record ${id} in "${t.name}"`, { id, patch });
    return row;
  });
}

export const MAX_ROWS_PER_BULK = 10_000;

/** Update node: applies one patch to every record matching the filters (at most `limit`). */
export async function updateRowsWhere(db: Db, workspaceId: string, w: Writer, tableRef: string, filters: RowFilter[], patch: Record<string, unknown>, limit = 1000): Promise<{ updated: number; rows: DataRow[] }> {
  return db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "write");
    const { rows } = await findRowsIn(tx, t, { filters, limit: Math.min(limit, 1000) });
    const out: DataRow[] = [];
    for (const r of rows) out.push(await updateRowIn(tx, t, w, r.id, patch));
    return { updated: out.length, rows: out };
  });
}

export async function deleteRowsIn(db: Db, t: LoadedTable, ids: number[]): Promise<number> {
  if (ids.length === 0) return 0;
  if (ids.length > MAX_ROWS_PER_BULK) throw new ValidationError(`At most ${MAX_ROWS_PER_BULK} records can be deleted at once.`);
  const deleted = await db
    .delete(dataRows)
    .where(and(eq(dataRows.tableId, t.id), eq(dataRows.workspaceId, t.workspaceId), inArray(dataRows.id, ids)))
    .returning({ id: dataRows.id });
  await adjustRowCount(db, t.id, -deleted.length);
  return deleted.length;
}

export async function deleteRows(db: Db, workspaceId: string, w: Writer, tableRef: string, ids: number[]): Promise<{ deleted: number }> {
  return db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "write");
    const deleted = await deleteRowsIn(tx, t, ids);
    await auditUserWrite(tx, t, w, "data_row.delete", `Deleted ${deleted} record${deleted === 1 ? "" : "s"} from "${t.name}"`, { ids: ids.slice(0, 100) });
    return { deleted };
  });
}

/** Delete node: every record matching the filters (at most `limit`); at least one filter is required. */
export async function deleteRowsWhere(db: Db, workspaceId: string, w: Writer, tableRef: string, filters: RowFilter[], limit = 1000): Promise<{ deleted: number; ids: number[] }> {
  if (filters.length === 0) throw new ValidationError("Add at least one filter, so that a mistake cannot empty the whole table.");
  return db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "write");
    const { rows } = await findRowsIn(tx, t, { filters, limit: Math.min(limit, 1000) });
    const ids = rows.map((r) => r.id);
    const deleted = await deleteRowsIn(tx, t, ids);
    return { deleted, ids };
  });
}
