/**
 * CSV import preview: everything the user must see before anything is written — how many rows
 * would be inserted, updated, rejected (with reasons) and merged as duplicates within the file.
 * Pure apart from the optional async lookup of keys already in the table; the service layer
 * writes `inserts` and `updates` in one transaction afterwards.
 */
import Papa from "papaparse";
import type { TableDef } from "./field-types";
import { decodeCsv, DEFAULT_MAX_CSV_BYTES } from "./csv-decode";
import { collapseSpaces } from "./normalize";
import { prepareRecord, type RecordValues } from "./validate-record";

/** CSV header → field key. Columns not mentioned (or mapped to null) are ignored. */
export type ColumnMapping = Record<string, string | null | undefined>;
export type ExistingKeys = Set<string> | ((keys: string[]) => Promise<Iterable<string>>);

export type CsvImportOptions = {
  mapping: ColumnMapping;
  /** Normalized unique keys already in the table, or a batch lookup for them. */
  existing?: ExistingKeys;
  maxBytes?: number;
  /** Default: detected among , ; tab | (European spreadsheets write semicolons). */
  delimiter?: string;
};

/** `row` is the spreadsheet row number: the header is row 1, the first record row 2. */
export type CsvRecord = {
  row: number;
  values: RecordValues;
  uniqueKey: string | null;
  /** Fields whose cell was not blank: an update changes only these, so empty cells never wipe data. */
  givenFields: string[];
};
export type CsvRejected = { row: number; reasons: string[]; cells: string[] };
export type CsvMerge = { uniqueKey: string; keptRow: number; mergedRows: number[] };

export type CsvPreview = {
  ok: true;
  headers: string[];
  counts: { rows: number; insert: number; update: number; rejected: number; merged: number };
  inserts: CsvRecord[];
  updates: CsvRecord[];
  rejected: CsvRejected[];
  merges: CsvMerge[];
};
export type CsvImportResult = CsvPreview | { ok: false; error: string };

const LOOKUP_BATCH = 1000;

/** Propose a mapping by matching headers to field labels or keys, ignoring case, spaces, - and _. */
export function suggestMapping(headers: string[], table: TableDef): ColumnMapping {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_\-.]+/g, "");
  const out: ColumnMapping = {};
  const used = new Set<string>();
  for (const h of headers) {
    const f = table.fields.find((x) => !used.has(x.key) && (squash(x.label) === squash(h) || squash(x.key) === squash(h)));
    if (f) {
      out[h] = f.key;
      used.add(f.key);
    }
  }
  return out;
}

function quoteError(e: Papa.ParseError): string {
  const row = (e.row ?? 0) + 1;
  if (e.code === "MissingQuotes") return `Row ${row} has a quote (") that is never closed, so the rest of the file cannot be read. Check the quotes in that row.`;
  if (e.code === "InvalidQuotes") return `Row ${row} has text right after a closing quote ("). A quote inside a quoted cell must be written twice ("").`;
  return `Row ${row} cannot be read: ${e.message}.`;
}

function checkMapping(table: TableDef, headers: string[], mapping: ColumnMapping): string | null {
  const headerCount = new Map<string, number>();
  for (const h of headers) headerCount.set(h, (headerCount.get(h) ?? 0) + 1);
  const mappedFields = new Map<string, string>();
  for (const [col, key] of Object.entries(mapping)) {
    if (!key) continue;
    if (!headerCount.has(col)) return `The column '${col}' is not in the file.`;
    if ((headerCount.get(col) ?? 0) > 1) return `The column '${col}' appears more than once in the header row; rename one of them.`;
    const f = table.fields.find((x) => x.key === key);
    if (!f) return `There is no field '${key}' in ${table.name}.`;
    const prev = mappedFields.get(key);
    if (prev !== undefined) return `The columns '${prev}' and '${col}' are both mapped to ${f.label}; choose one.`;
    mappedFields.set(key, col);
  }
  const keyFields = new Set(table.uniqueKey ?? []);
  for (const f of table.fields) {
    const needed = (f.required && f.default === undefined) || keyFields.has(f.key);
    if (needed && !mappedFields.has(f.key)) return `${f.label} is ${keyFields.has(f.key) ? "the unique key" : "required"} but no column is mapped to it.`;
  }
  return null;
}

async function lookupExisting(existing: ExistingKeys | undefined, keys: string[]): Promise<Set<string>> {
  if (!existing) return new Set();
  if (existing instanceof Set) return existing;
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
    for (const k of await existing(keys.slice(i, i + LOOKUP_BATCH))) found.add(k);
  }
  return found;
}

export async function previewCsvImport(input: string | Uint8Array, table: TableDef, opts: CsvImportOptions): Promise<CsvImportResult> {
  const decoded = decodeCsv(input, opts.maxBytes ?? DEFAULT_MAX_CSV_BYTES);
  if (!decoded.ok) return decoded;
  const parsed = Papa.parse<string[]>(decoded.text, { header: false, skipEmptyLines: false, delimiter: opts.delimiter ?? "" });
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) return { ok: false, error: quoteError(fatal) };
  const rows = parsed.data;
  const headers = (rows[0] ?? []).map((h) => collapseSpaces(h));
  if (headers.every((h) => h === "")) return { ok: false, error: "The first row must name the columns, but it is empty." };
  const mappingError = checkMapping(table, headers, opts.mapping);
  if (mappingError) return { ok: false, error: mappingError };

  const columns = headers.map((h) => opts.mapping[h] ?? null);
  const rejected: CsvRejected[] = [];
  // Last row wins for each key; Map keeps first-insertion order, so re-insert to move to the end.
  const byKey = new Map<string, CsvRecord>();
  const mergedInto = new Map<string, number[]>();
  const keyless: CsvRecord[] = [];
  let total = 0;

  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i] as string[];
    if (cells.every((c) => c.trim() === "")) continue; // blank lines are not records
    total++;
    const row = i + 1;
    if (cells.length !== headers.length && !(cells.length > headers.length && cells.slice(headers.length).every((c) => c.trim() === ""))) {
      rejected.push({ row, cells, reasons: [`This row has ${cells.length} cells but the header has ${headers.length}`] });
      continue;
    }
    const input: Record<string, unknown> = {};
    columns.forEach((key, c) => {
      if (key) input[key] = cells[c];
    });
    const r = prepareRecord(table, input);
    if (!r.ok) {
      rejected.push({ row, cells, reasons: r.errors.map((e) => e.message) });
      continue;
    }
    const givenFields = columns.filter((key, c): key is string => key !== null && (cells[c] ?? "").trim() !== "");
    const rec: CsvRecord = { row, values: r.values, uniqueKey: r.uniqueKey, givenFields };
    if (r.uniqueKey === null) {
      keyless.push(rec);
      continue;
    }
    const prev = byKey.get(r.uniqueKey);
    if (prev) {
      byKey.delete(r.uniqueKey);
      const list = mergedInto.get(r.uniqueKey) ?? [];
      list.push(prev.row);
      mergedInto.set(r.uniqueKey, list);
    }
    byKey.set(r.uniqueKey, rec);
  }

  const existing = await lookupExisting(opts.existing, [...byKey.keys()]);
  const inserts: CsvRecord[] = [...keyless];
  const updates: CsvRecord[] = [];
  for (const rec of byKey.values()) (existing.has(rec.uniqueKey as string) ? updates : inserts).push(rec);
  inserts.sort((a, b) => a.row - b.row);
  const merges: CsvMerge[] = [...mergedInto].map(([uniqueKey, mergedRows]) => ({
    uniqueKey,
    keptRow: (byKey.get(uniqueKey) as CsvRecord).row,
    mergedRows,
  }));
  const merged = merges.reduce((n, m) => n + m.mergedRows.length, 0);
  return {
    ok: true,
    headers,
    counts: { rows: total, insert: inserts.length, update: updates.length, rejected: rejected.length, merged },
    inserts,
    updates,
    rejected,
    merges,
  };
}

/**
 * Cells a spreadsheet would run as a formula. A leading + or - is allowed when the rest is a
 * number or phone number ("-1", "+44 20 7946 0958"), so the report re-imports cleanly.
 */
const FORMULA_START = /^(?:[=@\t\r]|[+-](?![\d\s().]*$))/;

/**
 * The downloadable report: the original columns plus "Row" and "Problems", so the user can fix
 * the cells and import the report file again. Formula-looking cells are escaped so the file is
 * safe to open in a spreadsheet (CSV injection).
 */
export function rejectedRowsCsv(preview: CsvPreview): string {
  const data = preview.rejected.map((r) => [String(r.row), r.reasons.join("; "), ...preview.headers.map((_, i) => r.cells[i] ?? "")]);
  return Papa.unparse({ fields: ["Row", "Problems", ...preview.headers], data }, { escapeFormulae: FORMULA_START, newline: "\r\n" });
}

/** One line per merge, for the preview: "Rows 3, 9 were merged into row 12 (same E-mail)". */
export function describeMerges(preview: CsvPreview, table: TableDef): string[] {
  const keyLabel = (table.uniqueKey ?? []).map((k) => table.fields.find((f) => f.key === k)?.label ?? k).join(" + ");
  return preview.merges.map(
    (m) => `Row${m.mergedRows.length > 1 ? "s" : ""} ${m.mergedRows.join(", ")} ${m.mergedRows.length > 1 ? "were" : "was"} merged into row ${m.keptRow} (same ${keyLabel}; the later row wins)`,
  );
}
