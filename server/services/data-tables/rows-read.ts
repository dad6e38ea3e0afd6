// Reading rows: one record, a filtered/sorted page with a keyset cursor (grid, Find node), and a
// CSV export of a filtered view.
import { and, eq, sql, type SQL } from "drizzle-orm";
import Papa from "papaparse";
import { queryRows, type Db } from "@/db/client";
import { dataRows } from "@/db/schema";
import { decodeCursor, encodeCursor, findRowsInputSchema, type Cursor, type FindRowsInput } from "@/server/data/row-query";
import type { FieldDef } from "@/server/data/field-types";
import { NotFoundError, ValidationError } from "../errors";
import { loadTable, parseOrThrow, type LoadedTable } from "./common";
import { keysetEmptyPhase, keysetValuePhase, sortPlan, tableIdLiteral, whereFilters, type SortPlan } from "./row-sql";

export interface DataRow {
  id: number;
  values: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  createdByExecution: string | null;
  createdByUser: string | null;
  updatedByExecution: string | null;
  updatedByUser: string | null;
}

type RawRow = {
  id: string | number;
  values: Record<string, unknown>;
  version: number;
  created_at: string | Date;
  updated_at: string | Date;
  created_by_execution: string | null;
  created_by_user: string | null;
  updated_by_execution: string | null;
  updated_by_user: string | null;
  sort_v?: unknown;
};

const COLUMNS = sql.raw(`id, "values", version, created_at, updated_at, created_by_execution, created_by_user, updated_by_execution, updated_by_user`);

function toRow(r: RawRow): DataRow {
  return {
    id: Number(r.id),
    values: r.values,
    version: Number(r.version),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    createdByExecution: r.created_by_execution,
    createdByUser: r.created_by_user,
    updatedByExecution: r.updated_by_execution,
    updatedByUser: r.updated_by_user,
  };
}

export async function getRow(db: Db, workspaceId: string, tableRef: string, id: number): Promise<DataRow> {
  const t = await loadTable(db, workspaceId, tableRef);
  const [r] = await db
    .select()
    .from(dataRows)
    .where(and(eq(dataRows.id, id), eq(dataRows.tableId, t.id), eq(dataRows.workspaceId, workspaceId)));
  if (!r) throw new NotFoundError("Record");
  return r;
}

export interface RowPage {
  rows: DataRow[];
  nextCursor: string | null;
}

async function select(db: Db, t: LoadedTable, where: SQL[], order: SQL, limit: number, sortValue?: SQL): Promise<RawRow[]> {
  const conds = [sql`table_id = ${tableIdLiteral(t.id)}`, sql`workspace_id = ${t.workspaceId}::uuid`, ...where];
  return queryRows<RawRow>(
    db,
    sql`select ${COLUMNS}${sortValue ? sql`, ${sortValue} as sort_v` : sql``} from data_rows where ${sql.join(conds, sql` and `)} order by ${order} limit ${limit}`,
  );
}

function cursorValue(v: unknown): Cursor["v"] {
  // PGlite and pg both return JSONB parsed; a string here would be JSON text from another driver.
  return v === undefined ? null : v;
}

/** One page. Ties and empty cells are ordered by id, so every row appears exactly once across pages. */
export async function findRowsIn(db: Db, t: LoadedTable, input: FindRowsInput): Promise<RowPage> {
  const q = parseOrThrow(findRowsInputSchema, input);
  const filters = whereFilters(t.def, q.filters, q.search);
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  if (q.cursor && !cursor) throw new ValidationError("The page cursor is not valid; reload the list.", [{ path: "cursor", message: "Invalid cursor" }]);
  const plan: SortPlan = sortPlan(t.def, q.sort);
  const dir = sql.raw(plan.desc ? "desc" : "asc");
  const want = q.limit + 1;
  let raw: RawRow[];
  if (plan.kind === "id") {
    const after = cursor ? [sql`id ${sql.raw(plan.desc ? "<" : ">")} ${cursor.id}::bigint`] : [];
    raw = await select(db, t, [...filters, ...after], sql`id ${dir}`, want);
  } else {
    raw = [];
    if (!cursor || cursor.v !== null) raw = await select(db, t, [...filters, ...keysetValuePhase(plan, cursor)], sql`${plan.expr} ${dir}, id ${dir}`, want, plan.expr);
    if (raw.length < want) raw.push(...(await select(db, t, [...filters, ...keysetEmptyPhase(plan, cursor)], sql`id ${dir}`, want - raw.length)));
  }
  const more = raw.length > q.limit;
  const page = raw.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor({ v: plan.kind === "id" ? null : cursorValue(last.sort_v), id: Number(last.id) }) : null;
  return { rows: page.map(toRow), nextCursor };
}

export async function findRows(db: Db, workspaceId: string, tableRef: string, input: FindRowsInput): Promise<RowPage & { table: LoadedTable }> {
  const t = await loadTable(db, workspaceId, tableRef);
  return { ...(await findRowsIn(db, t, input)), table: t };
}

/** Cell text for CSV: lists as "a, b", JSON as JSON, everything else as stored. */
function cellText(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v) && f.type === "multi_select") return v.join(", ");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

/** Same rule as the rejected-rows report: cells a spreadsheet would run as formulas are escaped. */
const FORMULA_START = /^(?:[=@\t\r]|[+-](?![\d\s().]*$))/;
export const MAX_EXPORT_ROWS = 200_000;

/** CSV of the filtered, sorted view, headed by field labels so that it re-imports with the suggested mapping. */
export async function exportRowsCsv(db: Db, workspaceId: string, tableRef: string, input: Omit<FindRowsInput, "limit" | "cursor"> = {}): Promise<{ csv: string; rows: number; truncated: boolean; fileName: string }> {
  const t = await loadTable(db, workspaceId, tableRef);
  const data: string[][] = [];
  let cursor: string | null = null;
  do {
    const page: RowPage = await findRowsIn(db, t, { ...input, limit: 1000, cursor });
    for (const r of page.rows) data.push(t.def.fields.map((f) => cellText(f, r.values[f.key])));
    cursor = page.nextCursor;
  } while (cursor && data.length < MAX_EXPORT_ROWS);
  const csv = Papa.unparse({ fields: t.def.fields.map((f) => f.label), data }, { escapeFormulae: FORMULA_START, newline: "\r\n" });
  const fileName = `${t.name.replace(/[^\w\- ]+/g, "").trim() || "table"}.csv`;
  return { csv: "\uFEFF" + csv, rows: data.length, truncated: Boolean(cursor), fileName };
}
