// CSV import: a preview that writes nothing, and a commit that re-reads the same file, recomputes
// the preview inside one transaction and writes it all, or nothing when anything fails.
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { dataRows } from "@/db/schema";
import { describeMerges, previewCsvImport, rejectedRowsCsv, suggestMapping, type ColumnMapping, type CsvPreview } from "@/server/data/csv-import";
import { decodeCsv } from "@/server/data/csv-decode";
import Papa from "papaparse";
import { recordAudit } from "../audit";
import { ValidationError } from "../errors";
import { adjustRowCount, authorColumns, loadTable, type LoadedTable, type Writer } from "./common";
import { existingKeys, writeKeyed, type KeyedWrite } from "./upsert-sql";

/** What the wizard shows; lists are capped so that a 100,000-row file does not become a 50 MB answer. */
export interface ImportPreview {
  headers: string[];
  mapping: ColumnMapping;
  counts: CsvPreview["counts"];
  rejected: { row: number; reasons: string[] }[];
  merges: string[];
  sample: { row: number; action: "insert" | "update"; values: Record<string, unknown> }[];
  /** The downloadable report of rejected rows (empty when none). */
  rejectedCsv: string;
}

const LIST_CAP = 200;
const SAMPLE = 20;

function fail(error: string): never {
  throw new ValidationError(error, [{ path: "file", message: error }]);
}

/** Header row only, for the mapping step. */
export function readCsvHeaders(bytes: Uint8Array): string[] {
  const d = decodeCsv(bytes);
  if (!d.ok) fail(d.error);
  const first = Papa.parse<string[]>(d.text, { preview: 1 }).data[0] ?? [];
  return first.map((h) => h.replace(/\s+/g, " ").trim());
}

/**
 * Checked files by (table, definition version, mapping, file hash), so that the commit that
 * follows a preview does not check 100,000 rows a second time. Per process and small; a miss
 * (another server, or expired) just checks the file again.
 */
const checked = new Map<string, { at: number; preview: CsvPreview }>();
const CACHE_MS = 15 * 60_000;
const CACHE_SIZE = 8;

function cacheKey(t: LoadedTable, bytes: Uint8Array, map: ColumnMapping): string {
  const hash = createHash("sha256").update(bytes).digest("hex");
  return `${t.id}:${t.schemaVersion}:${JSON.stringify(Object.entries(map).sort())}:${hash}`;
}

async function computePreview(db: Db, t: LoadedTable, bytes: Uint8Array, mapping?: ColumnMapping, lookup = true): Promise<{ preview: CsvPreview; mapping: ColumnMapping }> {
  const map = mapping ?? suggestMapping(readCsvHeaders(bytes), t.def);
  const key = cacheKey(t, bytes, map);
  const hit = checked.get(key);
  if (!lookup && hit && Date.now() - hit.at < CACHE_MS) return { preview: hit.preview, mapping: map };
  const r = await previewCsvImport(bytes, t.def, { mapping: map, existing: lookup ? (keys) => existingKeys(db, t.id, keys) : undefined });
  if (!r.ok) fail(r.error);
  checked.delete(key);
  checked.set(key, { at: Date.now(), preview: r });
  while (checked.size > CACHE_SIZE) checked.delete(checked.keys().next().value as string);
  return { preview: r, mapping: map };
}

export async function previewImport(db: Db, workspaceId: string, tableRef: string, bytes: Uint8Array, mapping?: ColumnMapping): Promise<ImportPreview> {
  const t = await loadTable(db, workspaceId, tableRef);
  const { preview, mapping: used } = await computePreview(db, t, bytes, mapping);
  const sample = [
    ...preview.inserts.slice(0, SAMPLE).map((r) => ({ row: r.row, action: "insert" as const, values: r.values })),
    ...preview.updates.slice(0, SAMPLE).map((r) => ({ row: r.row, action: "update" as const, values: r.values })),
  ].sort((a, b) => a.row - b.row);
  return {
    headers: preview.headers,
    mapping: used,
    counts: preview.counts,
    rejected: preview.rejected.slice(0, LIST_CAP).map((r) => ({ row: r.row, reasons: r.reasons })),
    merges: describeMerges(preview, t.def).slice(0, LIST_CAP),
    sample: sample.slice(0, SAMPLE),
    rejectedCsv: preview.rejected.length ? rejectedRowsCsv(preview) : "",
  };
}

export interface ImportResult {
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  merged: number;
}

const INSERT_CHUNK = 1000;

/**
 * Writes the import. Existing keys are looked up again inside the transaction, so the counts are
 * those of the moment of writing; rows inserted concurrently by a flow become updates, not errors.
 */
export async function commitImport(db: Db, workspaceId: string, w: Writer, tableRef: string, bytes: Uint8Array, mapping: ColumnMapping): Promise<ImportResult> {
  return db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "write");
    // Whether a key exists decides nothing here: writeKeyed inserts or updates under the unique
    // index, and its outcomes are the counts. So a preview checked moments ago is reused as is.
    const { preview } = await computePreview(tx, t, bytes, mapping, false);
    const author = authorColumns(w);
    const keyed: KeyedWrite[] = [];
    const keyless = [];
    for (const rec of [...preview.inserts, ...preview.updates]) {
      if (rec.uniqueKey === null) {
        keyless.push(rec.values);
        continue;
      }
      const given: Record<string, unknown> = {};
      for (const k of rec.givenFields) if (k in rec.values) given[k] = rec.values[k];
      keyed.push({ uniqueKey: rec.uniqueKey, insertValues: rec.values, setValues: given as KeyedWrite["setValues"] });
    }
    for (let i = 0; i < keyless.length; i += INSERT_CHUNK) {
      await tx.insert(dataRows).values(
        keyless.slice(i, i + INSERT_CHUNK).map((values) => ({
          tableId: t.id,
          workspaceId,
          values,
          createdByExecution: author.executionId,
          createdByUser: author.userId,
          updatedByExecution: author.executionId,
          updatedByUser: author.userId,
        })),
      );
    }
    const results = await writeKeyed(tx, t.id, workspaceId, keyed, "merge", author);
    let created = keyless.length;
    let updated = 0;
    let unchanged = 0;
    for (const r of results.values()) {
      if (r.outcome === "created") created++;
      else if (r.outcome === "updated") updated++;
      else unchanged++;
    }
    await adjustRowCount(tx, t.id, created);
    const result = { inserted: created, updated, unchanged, rejected: preview.counts.rejected, merged: preview.counts.merged };
    await recordAudit(tx, workspaceId, w.actor, {
      action: "data_table.import",
      targetType: "data_table",
      targetId: t.id,
      summary: `Imported a CSV file into "${t.name}": ${created} added, ${updated} updated, ${unchanged} unchanged, ${result.rejected} rejected, ${result.merged} merged duplicates`,
      details: { ...result, mapping },
    });
    return result;
  });
}
