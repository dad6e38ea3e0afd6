/**
 * prepareRecord: the single gate every write to a data table goes through (nodes, grid edits,
 * CSV import). Coerces by type, applies defaults and clean-up rules, validates, and computes the
 * normalized unique key — the string the database's unique index is built on.
 */
import type { FieldDef, TableDef } from "./field-types";
import { coerceField, isEmpty, type FieldValue } from "./coerce-field";
import { collapseSpaces } from "./normalize";

export type FieldError = { field: string; message: string };
export type RecordValues = Record<string, FieldValue>;
export type PrepareResult = { ok: true; values: RecordValues; uniqueKey: string | null } | { ok: false; errors: FieldError[] };

export type PrepareOptions = {
  /** What to do with input keys that are not fields. Default "reject": silently dropping data hides mapping mistakes. */
  unknownFields?: "reject" | "ignore";
  /**
   * Partial update (grid edit, Update node): only the given fields are checked; missing ones are
   * neither defaulted nor required. The unique key is computed only if all its fields are given.
   */
  partial?: boolean;
};

/** Labels are what users see; keys are what flows see. Messages use the label. */
function label(f: FieldDef): string {
  return f.label || f.key;
}

/**
 * One field, raw → stored value. `null` means "no value". Shared with schema changes, which
 * re-run existing values through a field's new definition.
 */
export function prepareField(f: FieldDef, raw: unknown, opts: { applyDefault?: boolean; isKey?: boolean } = {}): { ok: true; value: FieldValue | null } | { ok: false; message: string } {
  let input = raw;
  if (isEmpty(input) && opts.applyDefault !== false && f.default !== undefined) input = f.default;
  if (isEmpty(input)) {
    if (f.required) return { ok: false, message: `${label(f)} is required` };
    if (opts.isKey) return { ok: false, message: `${label(f)} is needed because it identifies the record` };
    return { ok: true, value: null };
  }
  const r = coerceField(f, input);
  return r.ok ? r : { ok: false, message: `${label(f)}: ${r.message}` };
}

/**
 * The part of the unique key one field contributes. Text and choices are also folded to lower
 * case and single spaces here, so "ACME  Ltd" and "acme ltd" are the same record even when
 * the field keeps the original spelling for display.
 */
export function keyPart(f: FieldDef, v: FieldValue): string {
  if (f.type === "text" || f.type === "single_select") return collapseSpaces(String(v).normalize("NFC")).toLowerCase();
  return typeof v === "string" ? v : JSON.stringify(v);
}

/**
 * Stable key string: a JSON array of the key parts in the table's key order. JSON (not a
 * separator join) so that no value can forge a collision with another pair of values.
 */
export function computeUniqueKey(table: TableDef, values: Record<string, FieldValue | null | undefined>): string | null {
  if (!table.uniqueKey) return null;
  const parts: string[] = [];
  for (const k of table.uniqueKey) {
    const f = table.fields.find((x) => x.key === k);
    const v = values[k];
    if (!f || v === null || v === undefined) return null;
    parts.push(keyPart(f, v));
  }
  return JSON.stringify(parts);
}

export function prepareRecord(table: TableDef, input: Record<string, unknown>, opts: PrepareOptions = {}): PrepareResult {
  const errors: FieldError[] = [];
  const values: RecordValues = {};
  const keyFields = new Set(table.uniqueKey ?? []);
  for (const f of table.fields) {
    const given = Object.prototype.hasOwnProperty.call(input, f.key);
    if (opts.partial && !given) continue;
    const r = prepareField(f, given ? input[f.key] : undefined, { applyDefault: !opts.partial, isKey: keyFields.has(f.key) });
    if (!r.ok) errors.push({ field: f.key, message: r.message });
    else if (r.value !== null) values[f.key] = r.value;
    else if (opts.partial) values[f.key] = null; // an explicit clear in a partial update
  }
  if (opts.unknownFields !== "ignore") {
    const known = new Set(table.fields.map((f) => f.key));
    for (const k of Object.keys(input)) {
      if (!known.has(k)) errors.push({ field: k, message: `There is no field called '${k}' in ${table.name}` });
    }
  }
  if (errors.length) return { ok: false, errors };
  return { ok: true, values, uniqueKey: computeUniqueKey(table, values) };
}

/** All messages of a failed result as one line, e.g. for a rejected-rows report. */
export function errorsToText(errors: FieldError[]): string {
  return errors.map((e) => e.message).join("; ");
}
