"use client";
import { plural } from "./format";
import type { ImportPreviewInfo } from "./types";

/** The numbers a person needs before importing, and the reasons for every skipped row. */
export function ImportPreviewPanel({ preview, onDownloadRejected }: { preview: ImportPreviewInfo; onDownloadRejected: () => void }) {
  const c = preview.counts;
  const stats: [string, number, string][] = [
    ["will be added", c.insert, "text-green-700"],
    ["will update existing records", c.update, "text-brand-700"],
    ["will be skipped (problems below)", c.rejected, "text-red-700"],
    ["duplicates in the file, merged", c.merged, "text-amber-700"],
  ];
  return (
    <div className="mt-2 space-y-3">
      <p className="text-sm text-slate-600">The file has {plural(c.rows, "row")}.</p>
      <dl className="grid gap-3 sm:grid-cols-4" aria-label="Import preview">
        {stats.map(([label, n, color]) => (
          <div key={label} className="rounded border border-slate-200 p-3">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className={`text-2xl font-semibold ${color}`} data-testid={`count-${label.split(" ")[0]}-${label.split(" ")[1]}`}>
              {n.toLocaleString("en-US")}
            </dd>
          </div>
        ))}
      </dl>
      {preview.rejected.length > 0 && (
        <details open className="rounded border border-red-200 p-3">
          <summary className="cursor-pointer text-sm font-medium text-red-800">Rows with problems</summary>
          <ul className="mt-2 max-h-48 space-y-1 overflow-auto text-sm">
            {preview.rejected.map((r) => (
              <li key={r.row}>
                <strong>Row {r.row}:</strong> {r.reasons.join("; ")}
              </li>
            ))}
          </ul>
          {c.rejected > preview.rejected.length && <p className="mt-1 text-xs text-slate-500">…and {c.rejected - preview.rejected.length} more in the download.</p>}
          <button type="button" className="btn-secondary mt-2" onClick={onDownloadRejected}>
            Download the rows with problems (CSV)
          </button>
        </details>
      )}
      {preview.merges.length > 0 && (
        <details className="rounded border border-amber-200 p-3">
          <summary className="cursor-pointer text-sm font-medium text-amber-800">Duplicates merged</summary>
          <ul className="mt-2 max-h-48 space-y-1 overflow-auto text-sm">
            {preview.merges.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
