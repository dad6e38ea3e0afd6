"use client";
import { useState } from "react";
import type { FieldDef } from "@/server/data/field-types";
import { FILTER_OPERATOR_LABELS, operatorsFor, type FilterOperator, type RowFilter } from "@/server/data/row-query";

const NO_VALUE: FilterOperator[] = ["is_empty", "is_not_empty"];

/** Search box plus a list of "field operator value" filters, all of which must match. */
export function FilterBar({ fields, filters, onFilters, search, onSearch }: { fields: FieldDef[]; filters: RowFilter[]; onFilters: (f: RowFilter[]) => void; search: string; onSearch: (s: string) => void }) {
  const [field, setField] = useState(fields[0]?.key ?? "");
  const f = fields.find((x) => x.key === field) ?? fields[0];
  const ops = f ? operatorsFor(f.type) : [];
  const [op, setOp] = useState<FilterOperator>("eq");
  const [value, setValue] = useState("");
  const opNow = ops.includes(op) ? op : (ops[0] ?? "eq");
  const label = (k: string) => fields.find((x) => x.key === k)?.label ?? k;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3" role="search">
        <div className="w-64">
          <label htmlFor="grid-search" className="label">
            Search
          </label>
          <input id="grid-search" type="search" className="input" placeholder="Anything in the record" value={search} onChange={(e) => onSearch(e.target.value)} />
        </div>
        <form
          className="flex flex-wrap items-end gap-2"
          aria-label="Add a filter"
          onSubmit={(e) => {
            e.preventDefault();
            if (!f) return;
            onFilters([...filters, { field: f.key, op: opNow, value: NO_VALUE.includes(opNow) ? undefined : value }]);
            setValue("");
          }}
        >
          <div>
            <label htmlFor="filter-field" className="label">
              Filter by
            </label>
            <select id="filter-field" className="input" value={f?.key ?? ""} onChange={(e) => setField(e.target.value)}>
              {fields.map((x) => (
                <option key={x.key} value={x.key}>
                  {x.label}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="filter-op" className="label">
              Condition
            </label>
            <select id="filter-op" className="input" value={opNow} onChange={(e) => setOp(e.target.value as FilterOperator)}>
              {ops.map((o) => (
                <option key={o} value={o}>
                  {FILTER_OPERATOR_LABELS[o]}
                </option>
              ))}
            </select>
          </div>
          {!NO_VALUE.includes(opNow) && (
            <div>
              <label htmlFor="filter-value" className="label">
                Value
              </label>
              <input id="filter-value" className="input" value={value} onChange={(e) => setValue(e.target.value)} />
            </div>
          )}
          <button type="submit" className="btn-secondary">
            Apply filter
          </button>
        </form>
      </div>
      {filters.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label="Active filters">
          {filters.map((x, i) => (
            <li key={i} className="flex items-center gap-1 rounded-full bg-brand-50 px-3 py-1 text-sm text-brand-700">
              {label(x.field)} {FILTER_OPERATOR_LABELS[x.op]} {x.value !== undefined && <strong>{String(x.value)}</strong>}
              <button type="button" className="ml-1 rounded px-1 hover:bg-brand-100" aria-label={`Remove filter ${label(x.field)} ${FILTER_OPERATOR_LABELS[x.op]} ${String(x.value ?? "")}`} onClick={() => onFilters(filters.filter((_, j) => j !== i))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
