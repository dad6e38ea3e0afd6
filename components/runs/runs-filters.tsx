"use client";
import { useEffect, useState } from "react";
import { RANGES, type FilterKey } from "./use-runs-filter";

const MODES = [
  { value: "", label: "Live and test" },
  { value: "production", label: "Live runs" },
  { value: "test", label: "Test runs" },
];
const TRIGGERS = [
  { value: "", label: "Any trigger" },
  { value: "webhook", label: "Webhook" },
  { value: "form", label: "Form" },
  { value: "schedule", label: "Schedule" },
  { value: "manual", label: "Manual" },
  { value: "error", label: "Error handler" },
  { value: "subworkflow", label: "Called by another workflow" },
];

interface Props {
  raw: Record<FilterKey, string>;
  set: (k: FilterKey, v: string) => void;
  workflows: { id: string; name: string }[];
}

export function RunsFilters({ raw, set, workflows }: Props) {
  const [search, setSearch] = useState(raw.search);
  // Search as you type, without a query per keystroke.
  useEffect(() => {
    const t = setTimeout(() => search !== raw.search && set("search", search.trim()), 350);
    return () => clearTimeout(t);
  }, [search, raw.search, set]);
  const select = (k: FilterKey, label: string, options: readonly { value: string; label: string }[]) => (
    <label className="flex flex-col text-xs font-medium text-slate-600">
      {label}
      <select className="input mt-1 min-w-40" value={raw[k]} onChange={(e) => set(k, e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter runs">
      {select("workflowId", "Workflow", [{ value: "", label: "All workflows" }, ...workflows.map((w) => ({ value: w.id, label: w.name }))])}
      {select("range", "Started", RANGES)}
      {select("mode", "Kind", MODES)}
      {select("trigger", "Started by", TRIGGERS)}
      <label className="flex flex-1 flex-col text-xs font-medium text-slate-600">
        Search in the data that started the run
        <input className="input mt-1 min-w-56" type="search" placeholder="e.g. an e-mail address or order number" value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
    </div>
  );
}
