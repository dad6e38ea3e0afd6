// SQL for reading rows: per-field expressions (the same text is used for the expression indexes,
// so the planner can match them), filters, free-text search and keyset pagination.
import { sql, type SQL } from "drizzle-orm";
import type { FieldDef, TableDef } from "@/server/data/field-types";
import { coerceField, type FieldValue } from "@/server/data/coerce-field";
import { computeUniqueKey } from "@/server/data/validate-record";
import type { Cursor, RowFilter, RowSort } from "@/server/data/row-query";
import { operatorsFor, FILTER_OPERATOR_LABELS } from "@/server/data/row-query";
import { ValidationError } from "../errors";

/**
 * Field keys match /^[a-z][a-z0-9_]{0,62}$/ (fieldKeySchema), so they are safe as SQL literals.
 * They must be literals, not parameters: an expression index is only used when the query's
 * expression is the same constant expression.
 */
function keyLiteral(key: string): string {
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(key)) throw new Error(`Unsafe field key ${key}`);
  return `'${key}'`;
}

/**
 * The text of a field's sort/compare expression over data_rows."values": the JSONB value itself.
 * JSONB order compares numbers as numbers, strings by collation and booleans false < true, so one
 * expression serves every type, and, unlike a `::numeric` cast, it can never fail: an index build
 * also evaluates old row versions, which may hold values of the field's previous type.
 */
export function fieldExprText(f: FieldDef): string {
  return `("values" -> ${keyLiteral(f.key)})`;
}

export const fieldExpr = (f: FieldDef): SQL => sql.raw(fieldExprText(f));

/** Table ids are inlined (validated uuids) so a per-table partial index matches the query. */
export function tableIdLiteral(tableId: string): SQL {
  if (!/^[0-9a-f-]{36}$/i.test(tableId)) throw new Error("Bad table id");
  return sql.raw(`'${tableId}'::uuid`);
}

/** A bound value as JSONB, comparable with fieldExpr. */
function typed(_f: FieldDef, v: unknown): SQL {
  return sql`${JSON.stringify(v)}::jsonb`;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => "\\" + c);
}

function fieldOf(def: TableDef, key: string): FieldDef {
  const f = def.fields.find((x) => x.key === key);
  if (!f) throw new ValidationError(`There is no field '${key}' in ${def.name}`, [{ path: "filters", message: `There is no field '${key}'` }]);
  return f;
}

/** A filter value in the field's stored form: "31/01/2025" → "2025-01-31", " ANN@X.COM " → "ann@x.com". */
function filterValue(f: FieldDef, raw: unknown, path: string): unknown {
  if (f.type === "multi_select" || f.type === "json") return raw;
  const r = coerceField(f, raw);
  if (!r.ok) throw new ValidationError(`Filter on ${f.label}: ${r.message}`, [{ path, message: r.message }]);
  return r.value;
}

function filterSql(def: TableDef, filter: RowFilter, index: number): SQL {
  const f = fieldOf(def, filter.field);
  const path = `filters.${index}.value`;
  if (!operatorsFor(f.type).includes(filter.op)) {
    throw new ValidationError(`"${FILTER_OPERATOR_LABELS[filter.op]}" cannot be used with ${f.label}`, [{ path: `filters.${index}.op`, message: "Not available for this field" }]);
  }
  const e = fieldExpr(f);
  const raw = sql.raw(`("values" ->> ${keyLiteral(f.key)})`);
  const asText = String(filter.value ?? "").trim();
  switch (filter.op) {
    case "is_empty":
      return sql`${e} is null`;
    case "is_not_empty":
      return sql`${e} is not null`;
    case "contains":
    case "not_contains": {
      let cond: SQL;
      if (f.type === "multi_select") {
        const want = f.options.find((o) => o.toLowerCase() === asText.toLowerCase()) ?? asText;
        cond = sql`("values" -> ${sql.raw(keyLiteral(f.key))}) @> ${JSON.stringify([want])}::jsonb`;
      } else cond = sql`${raw} ilike ${`%${likeEscape(asText)}%`}`;
      return filter.op === "contains" ? cond : sql`not coalesce(${cond}, false)`;
    }
    case "starts_with":
      return sql`${raw} ilike ${`${likeEscape(asText)}%`}`;
    case "in": {
      const list = Array.isArray(filter.value) ? filter.value : String(filter.value ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      if (list.length === 0) return sql`false`;
      const vals = list.map((v) => typed(f, filterValue(f, v, path)));
      return sql`${e} in (${sql.join(vals, sql`, `)})`;
    }
    case "eq":
    case "neq":
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const v = typed(f, filterValue(f, filter.value, path));
      if (filter.op === "eq") return sql`${e} = ${v}`;
      // "Status is not Lost" includes records without a status.
      if (filter.op === "neq") return sql`${e} is distinct from ${v}`;
      const op = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[filter.op];
      return sql`${e} ${sql.raw(op)} ${v}`;
    }
  }
}

/**
 * When the filters pin every unique-key field with "is", the normalized key is known, and the
 * unique index (table_id, unique_key) finds the record directly, whatever else is indexed. The
 * exact filters still apply on top, so this only narrows.
 */
function keyShortcut(def: TableDef, filters: RowFilter[]): SQL | null {
  if (!def.uniqueKey) return null;
  const values: Record<string, FieldValue> = {};
  for (const k of def.uniqueKey) {
    const f = def.fields.find((x) => x.key === k);
    const eq = filters.find((x) => x.field === k && x.op === "eq");
    if (!f || !eq) return null;
    const r = coerceField(f, eq.value);
    if (!r.ok) return null;
    values[k] = r.value;
  }
  const key = computeUniqueKey(def, values);
  return key === null ? null : sql`unique_key = ${key}`;
}

export function whereFilters(def: TableDef, filters: RowFilter[], search?: string): SQL[] {
  const out = filters.map((f, i) => filterSql(def, f, i));
  const byKey = keyShortcut(def, filters);
  if (byKey) out.push(byKey);
  const q = search?.trim();
  if (q) out.push(sql`"values"::text ilike ${`%${likeEscape(q)}%`}`);
  return out;
}

export type SortPlan =
  | { kind: "id"; desc: boolean }
  | { kind: "field"; field: FieldDef; expr: SQL; desc: boolean };

export function sortPlan(def: TableDef, sort?: RowSort): SortPlan {
  const desc = sort?.direction === "desc";
  if (!sort || sort.field === "_id") return { kind: "id", desc };
  const f = fieldOf(def, sort.field);
  return { kind: "field", field: f, expr: fieldExpr(f), desc };
}

/**
 * Keyset conditions for the two phases of a field sort: rows with a value, in value order, then
 * rows without one (empty cells always last), in id order. Two phases keep each one a plain
 * index range scan over (expr, id); an OR across NULLs would not be.
 */
export function keysetValuePhase(p: Extract<SortPlan, { kind: "field" }>, cursor: Cursor | null): SQL[] {
  const conds: SQL[] = [sql`${p.expr} is not null`];
  if (cursor && cursor.v !== null) {
    conds.push(sql`(${p.expr}, "id") ${sql.raw(p.desc ? "<" : ">")} (${typed(p.field, cursor.v)}, ${cursor.id}::bigint)`);
  }
  return conds;
}

export function keysetEmptyPhase(p: Extract<SortPlan, { kind: "field" }>, cursor: Cursor | null): SQL[] {
  const conds: SQL[] = [sql`${p.expr} is null`];
  if (cursor && cursor.v === null) conds.push(sql`"id" ${sql.raw(p.desc ? "<" : ">")} ${cursor.id}::bigint`);
  return conds;
}
