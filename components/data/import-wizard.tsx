"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { downloadText, fileToBase64, plural } from "./format";
import { ImportPreviewPanel } from "./import-preview";
import type { ImportResultInfo, TableInfo } from "./types";

type Mapping = Record<string, string | null>;

/**
 * CSV import in three steps: choose a file, match its columns to fields, and look at what will
 * happen (added / updated / skipped with reasons / merged duplicates) before anything is written.
 */
export function ImportWizard({ table, onClose, onImported }: { table: TableInfo; onClose: () => void; onImported: (r: ImportResultInfo) => void }) {
  const trpc = useTRPC();
  const [file, setFile] = useState<{ name: string; b64: string } | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [result, setResult] = useState<ImportResultInfo | null>(null);
  const preview = useMutation(trpc.data.previewImport.mutationOptions({ onSuccess: (p) => setMapping(p.mapping as Mapping) }));
  const commit = useMutation(
    trpc.data.commitImport.mutationOptions({
      onSuccess: (r) => {
        setResult(r);
        onImported(r);
      },
    }),
  );
  const previewErr = preview.error ? errorDetails(preview.error).message : null;
  const p = preview.data;

  async function choose(f: File | undefined) {
    if (!f) return;
    setResult(null);
    commit.reset();
    const b64 = await fileToBase64(f);
    setFile({ name: f.name, b64 });
    preview.mutate({ table: table.id, file: b64 });
  }

  return (
    <section className="card space-y-5 p-5" aria-labelledby="import-title">
      <div className="flex items-center justify-between">
        <h2 id="import-title" className="text-lg font-semibold">
          Import a CSV file into {table.name}
        </h2>
        <button type="button" className="btn-ghost" onClick={onClose}>
          Close
        </button>
      </div>

      <div>
        <h3 className="font-medium">1. Choose the file</h3>
        <p className="text-sm text-slate-600">A .csv file saved as UTF-8, with the column names in the first row. Nothing is saved until you confirm in step 3.</p>
        <label htmlFor="import-file" className="label mt-2">
          CSV file
        </label>
        <input id="import-file" type="file" accept=".csv,text/csv" className="text-sm" onChange={(e) => void choose(e.target.files?.[0])} />
        {file && <p className="mt-1 text-xs text-slate-500">{file.name}</p>}
      </div>

      {previewErr && (
        <p role="alert" className="field-error">
          {previewErr}
        </p>
      )}

      {p && file && (
        <div>
          <h3 className="font-medium">2. Match the columns to fields</h3>
          <div className="mt-2 grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
            {p.headers.map((h, i) => (
              <div key={`${h}-${i}`}>
                <label htmlFor={`map-${i}`} className="label">
                  Column “{h}”
                </label>
                <select id={`map-${i}`} className="input" value={mapping[h] ?? ""} onChange={(e) => setMapping((m) => ({ ...m, [h]: e.target.value || null }))}>
                  <option value="">Don’t import</option>
                  {table.def.fields.map((f) => (
                    <option key={f.key} value={f.key}>
                      {f.label}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <button type="button" className="btn-secondary mt-3" disabled={preview.isPending} onClick={() => preview.mutate({ table: table.id, file: file.b64, mapping })}>
            {preview.isPending ? "Checking…" : "Check again with this matching"}
          </button>
        </div>
      )}

      {p && file && !previewErr && (
        <div>
          <h3 className="font-medium">3. Check and import</h3>
          <ImportPreviewPanel preview={p} onDownloadRejected={() => downloadText(`${table.name} - rows with problems.csv`, p.rejectedCsv)} />
          {!result && (
            <div className="mt-4 flex items-center gap-3">
              <button
                type="button"
                className="btn-primary"
                disabled={commit.isPending || p.counts.insert + p.counts.update === 0}
                onClick={() => commit.mutate({ table: table.id, file: file.b64, mapping })}
              >
                Import {plural(p.counts.insert + p.counts.update, "record")}
              </button>
              {commit.isPending && (
                <span className="flex items-center gap-2 text-sm text-slate-600">
                  <progress aria-label="Importing" className="w-40" />
                  Importing… this can take a little while for large files.
                </span>
              )}
            </div>
          )}
          {commit.error && (
            <p role="alert" className="field-error mt-2">
              Nothing was imported: {errorDetails(commit.error).message}
            </p>
          )}
          {result && (
            <p role="status" className="mt-4 rounded bg-green-50 p-3 text-sm text-green-800">
              Done: {plural(result.inserted, "record")} added, {result.updated} updated, {result.unchanged} already up to date, {result.rejected} skipped, {result.merged} duplicates merged.
            </p>
          )}
        </div>
      )}
    </section>
  );
}
