"use client";
import { statusLabel } from "./status-badge";

const ORDER = ["", "failed", "running", "waiting", "queued", "succeeded", "canceled"] as const;

/** Status filter as tabs with a count each (the counts use every other filter). */
export function StatusTabs({ value, counts, cap, onChange }: { value: string; counts?: Record<string, number>; cap?: number; onChange: (v: string) => void }) {
  // Counts stop at the cap (fast at millions of runs): "10,000+" beyond it.
  const clamp = (n: number) => (cap !== undefined ? Math.min(n, cap) : n);
  const capped = cap !== undefined && !!counts && Object.values(counts).some((n) => n > cap);
  const total = counts ? Object.values(counts).reduce((a, b) => a + clamp(b), 0) : undefined;
  const show = (n: number, isTotal: boolean) => (isTotal ? `${n.toLocaleString()}${capped ? "+" : ""}` : `${clamp(n).toLocaleString()}${cap !== undefined && n > cap ? "+" : ""}`);
  return (
    <div role="tablist" aria-label="Run status" className="flex flex-wrap gap-1 border-b border-slate-200">
      {ORDER.map((s) => {
        const n = s === "" ? total : counts?.[s];
        const active = value === s;
        return (
          <button
            key={s || "all"}
            type="button"
            role="tab"
            aria-selected={active}
            onClick={() => onChange(s)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${active ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {s === "" ? "All" : statusLabel(s)}
            {n !== undefined && <span className={`ml-1.5 rounded-full px-1.5 text-xs ${s === "failed" && n > 0 ? "bg-red-100 text-red-800" : "bg-slate-100 text-slate-600"}`}>{show(n, s === "")}</span>}
          </button>
        );
      })}
    </div>
  );
}
