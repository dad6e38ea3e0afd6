"use client";
// Step data as indented JSON with a search (matches highlighted, counted) and a copy button.
import { useMemo, useState } from "react";
import { findTruncated, truncationNotice } from "./truncation";

export function JsonViewer({ value, label }: { value: unknown; label: string }) {
  const [query, setQuery] = useState("");
  const [copied, setCopied] = useState(false);
  // Over the storage limit: the whole value (or an error's details) was replaced by a marker.
  const marker = findTruncated(value);
  const whole = marker === value;
  const text = useMemo(() => (whole && marker ? marker.preview : (JSON.stringify(value, null, 2) ?? "null")), [value, whole, marker]);
  const parts = useMemo(() => {
    if (!query) return [text];
    const q = query.toLowerCase();
    const out: (string | { m: string })[] = [];
    let i = 0;
    const lower = text.toLowerCase();
    for (let j = lower.indexOf(q); j >= 0 && out.length < 2000; j = lower.indexOf(q, i)) {
      out.push(text.slice(i, j), { m: text.slice(j, j + q.length) });
      i = j + q.length;
    }
    out.push(text.slice(i));
    return out;
  }, [text, query]);
  const matches = parts.filter((p) => typeof p !== "string").length;
  return (
    <div className="space-y-2">
      {marker && (
        <p role="note" className="rounded bg-amber-50 px-3 py-2 text-xs text-amber-900" data-testid="step-data-truncated">
          {truncationNotice(marker, whole ? label.toLowerCase() : `${label.toLowerCase()}'s detail`)}
        </p>
      )}
      <div className="flex items-center gap-2">
        <input className="input flex-1 text-xs" type="search" placeholder={`Search the ${label.toLowerCase()}`} aria-label={`Search the ${label.toLowerCase()}`} value={query} onChange={(e) => setQuery(e.target.value)} />
        {query && (
          <span className="text-xs text-slate-600" aria-live="polite">
            {matches} match{matches === 1 ? "" : "es"}
          </span>
        )}
        <button
          type="button"
          className="btn-ghost px-2 py-1 text-xs"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => {
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
      <pre className="max-h-96 overflow-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100" tabIndex={0} aria-label={label}>
        {parts.map((p, i) => (typeof p === "string" ? p : <mark key={i} className="rounded bg-yellow-300 text-slate-900">{p.m}</mark>))}
      </pre>
    </div>
  );
}
