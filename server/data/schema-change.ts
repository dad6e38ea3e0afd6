/**
 * Schema changes on a table that already holds rows: add a field, rename one, or change its type
 * or rules. Either every row migrates (we return the new values) or nothing changes and the user
 * gets the list of rows that would break and why. Pure: the service runs it, then writes the
 * result in one transaction.
 */
import { fieldDefSchema, tableDefSchema, type FieldDef, type FieldDefInput, type TableDef } from "./field-types";
import type { FieldValue } from "./coerce-field";
import { computeUniqueKey, prepareField, type RecordValues } from "./validate-record";

export type StoredRow = { id: string; values: Record<string, FieldValue | null | undefined> };

export type SchemaChange =
  | { kind: "add"; field: FieldDefInput }
  | { kind: "rename"; from: string; to: string; label?: string }
  /** Change a field's type and/or rules; `field.key` names the field being changed. */
  | { kind: "retype"; field: FieldDefInput };

export type BrokenRow = { id: string; reason: string };
export type SchemaChangeResult =
  | { ok: true; table: TableDef; rows: { id: string; values: RecordValues }[]; changed: number }
  | { ok: false; error: string }
  | { ok: false; broken: BrokenRow[] };

function replaceField(table: TableDef, key: string, next: FieldDef): TableDef {
  return { ...table, fields: table.fields.map((f) => (f.key === key ? next : f)) };
}

function checkTable(t: unknown): { ok: true; table: TableDef } | { ok: false; error: string } {
  const r = tableDefSchema.safeParse(t);
  return r.success ? { ok: true, table: r.data } : { ok: false, error: r.error.issues.map((i) => i.message).join("; ") };
}

function clean(values: StoredRow["values"]): RecordValues {
  const out: RecordValues = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined) out[k] = v;
  return out;
}

/** Stored value → text a new type can read: lists become "a, b", objects their JSON. */
function asInput(v: FieldValue | null | undefined, to: FieldDef): unknown {
  if (v === null || v === undefined) return v;
  if (Array.isArray(v) && to.type !== "multi_select" && to.type !== "json") return v.join(", ");
  if (typeof v === "object" && to.type !== "json") return JSON.stringify(v);
  return v;
}

/** After a change that can alter keys, no two rows may end up with the same key. */
function keyCollisions(table: TableDef, rows: { id: string; values: RecordValues }[]): BrokenRow[] {
  if (!table.uniqueKey) return [];
  const seen = new Map<string, string>();
  const broken: BrokenRow[] = [];
  const labels = table.uniqueKey.map((k) => table.fields.find((f) => f.key === k)?.label ?? k).join(" + ");
  for (const r of rows) {
    const key = computeUniqueKey(table, r.values);
    if (key === null) continue;
    const first = seen.get(key);
    if (first !== undefined) broken.push({ id: r.id, reason: `would have the same ${labels} as row ${first}` });
    else seen.set(key, r.id);
  }
  return broken;
}

export function planSchemaChange(table: TableDef, change: SchemaChange, rows: StoredRow[]): SchemaChangeResult {
  switch (change.kind) {
    case "add": {
      const parsed = fieldDefSchema.safeParse(change.field);
      if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") };
      const f = parsed.data;
      const t = checkTable({ ...table, fields: [...table.fields, f] });
      if (!t.ok) return t;
      const p = prepareField(f, undefined);
      if (!p.ok && f.default !== undefined) return { ok: false, error: `The default value does not fit the field: ${p.message}` };
      if (!p.ok) {
        const reason = `${f.label} is required, but this row has no value and the field has no default`;
        if (rows.length) return { ok: false, broken: rows.map((r) => ({ id: r.id, reason })) };
      }
      const fill = p.ok ? p.value : null;
      const out = rows.map((r) => {
        const values = clean(r.values);
        if (fill !== null) values[f.key] = fill;
        return { id: r.id, values };
      });
      return { ok: true, table: t.table, rows: out, changed: fill === null ? 0 : rows.length };
    }
    case "rename": {
      const f = table.fields.find((x) => x.key === change.from);
      if (!f) return { ok: false, error: `There is no field '${change.from}' in ${table.name}` };
      const renamed = { ...f, key: change.to, label: change.label ?? f.label } as FieldDef;
      const t = checkTable({
        ...replaceField(table, change.from, renamed),
        uniqueKey: table.uniqueKey?.map((k) => (k === change.from ? change.to : k)),
      });
      if (!t.ok) return t;
      if (change.from === change.to) return { ok: true, table: t.table, rows: rows.map((r) => ({ id: r.id, values: clean(r.values) })), changed: 0 };
      let changed = 0;
      const out = rows.map((r) => {
        const values = clean(r.values);
        if (change.from in values) {
          values[change.to] = values[change.from] as FieldValue;
          delete values[change.from];
          changed++;
        }
        return { id: r.id, values };
      });
      return { ok: true, table: t.table, rows: out, changed };
    }
    case "retype": {
      const parsed = fieldDefSchema.safeParse(change.field);
      if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join("; ") };
      const next = parsed.data;
      if (!table.fields.some((x) => x.key === next.key)) return { ok: false, error: `There is no field '${next.key}' in ${table.name}` };
      const t = checkTable(replaceField(table, next.key, next));
      if (!t.ok) return t;
      const isKey = t.table.uniqueKey?.includes(next.key) ?? false;
      const broken: BrokenRow[] = [];
      let changed = 0;
      const out = rows.map((r) => {
        const values = clean(r.values);
        const old = r.values[next.key];
        // Existing empty cells do not get the new default: a default is for new records.
        const p = prepareField(next, asInput(old, next), { applyDefault: false, isKey });
        if (!p.ok) broken.push({ id: r.id, reason: p.message });
        else if (p.value === null) delete values[next.key];
        else values[next.key] = p.value;
        if (p.ok && JSON.stringify(p.value ?? null) !== JSON.stringify(old ?? null)) changed++;
        return { id: r.id, values };
      });
      if (!broken.length && isKey) broken.push(...keyCollisions(t.table, out));
      if (broken.length) return { ok: false, broken };
      return { ok: true, table: t.table, rows: out, changed };
    }
  }
}
