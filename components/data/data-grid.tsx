"use client";
import { useEffect, useMemo, useRef } from "react";
import { tableFeatures, useTable, type ColumnDef } from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import type { FieldDef } from "@/server/data/field-types";
import type { RowSort } from "@/server/data/row-query";
import type { GridRow } from "./types";
import { GridCell, type SaveCell } from "./grid-cell";

const features = tableFeatures({});
const ROW_HEIGHT = 41;

export interface DataGridProps {
  fields: FieldDef[];
  rows: GridRow[];
  sort: RowSort | undefined;
  onSort: (s: RowSort | undefined) => void;
  canEdit: boolean;
  onSave: (row: GridRow, field: FieldDef) => SaveCell;
  onDelete: (row: GridRow) => void;
  hasMore: boolean;
  loadMore: () => void;
  loadingMore: boolean;
  totalLabel: string;
}

/**
 * The records grid: @tanstack/react-table for the column model, @tanstack/react-virtual so only
 * the visible rows are in the DOM (a table can hold a million records). Sorting and filtering
 * happen on the server; more rows load as the user scrolls. Still a real <table>, so screen
 * readers announce headers, and sort state is in aria-sort.
 */
export function DataGrid(p: DataGridProps) {
  const columns = useMemo<ColumnDef<typeof features, GridRow>[]>(
    () => p.fields.map((f) => ({ id: f.key, header: f.label, accessorFn: (r: GridRow) => r.values[f.key] })),
    [p.fields],
  );
  const table = useTable({ features, columns, data: p.rows, getRowId: (r) => String(r.id) });
  const rows = table.getRowModel().rows;
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer returns fresh functions by design
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtual.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const { hasMore, loadingMore, loadMore } = p;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= rows.length - 20) loadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, loadMore]);

  const padTop = items[0]?.start ?? 0;
  const padBottom = virtual.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const cycle = (key: string) => {
    if (p.sort?.field !== key) return p.onSort({ field: key, direction: "asc" });
    if (p.sort.direction === "asc") return p.onSort({ field: key, direction: "desc" });
    p.onSort(undefined);
  };

  return (
    <div className="card overflow-hidden">
      <div ref={scrollRef} className="max-h-[65vh] overflow-auto" tabIndex={-1}>
        <table className="w-full border-collapse text-sm" aria-label="Records" aria-rowcount={p.hasMore ? -1 : rows.length + 1}>
          <thead className="sticky top-0 z-10 bg-slate-100">
            {table.getHeaderGroups().map((g) => (
              <tr key={g.id}>
                <th scope="col" className="w-16 px-2 py-2 text-left font-medium text-slate-500">
                  #
                </th>
                {g.headers.map((h) => {
                  const dir = p.sort?.field === h.column.id ? p.sort.direction : undefined;
                  return (
                    <th key={h.id} scope="col" className="min-w-40 px-1 py-1 text-left" aria-sort={dir === "asc" ? "ascending" : dir === "desc" ? "descending" : "none"}>
                      <button type="button" className="flex w-full items-center gap-1 rounded px-1 py-1 font-medium text-slate-700 hover:bg-slate-200" onClick={() => cycle(h.column.id)}>
                        {String(h.column.columnDef.header)}
                        <span aria-hidden="true" className="text-xs text-slate-400">
                          {dir === "asc" ? "▲" : dir === "desc" ? "▼" : "↕"}
                        </span>
                        <span className="sr-only">, sort</span>
                      </button>
                    </th>
                  );
                })}
                {p.canEdit && (
                  <th scope="col" className="w-20 px-2 py-2">
                    <span className="sr-only">Actions</span>
                  </th>
                )}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 && (
              <tr aria-hidden="true">
                <td style={{ height: padTop }} />
              </tr>
            )}
            {items.map((vi) => {
              const row = rows[vi.index]!;
              const rec = row.original;
              const label = `record ${rec.id}`;
              return (
                <tr key={row.id} data-index={vi.index} ref={virtual.measureElement} aria-rowindex={vi.index + 2} className="border-t border-slate-100 align-top">
                  <td className="px-2 py-2 text-xs text-slate-400">{rec.id}</td>
                  {row.getAllCells().map((c) => {
                    const f = p.fields.find((x) => x.key === c.column.id)!;
                    return (
                      <td key={c.id} className="max-w-72 p-0">
                        <GridCell field={f} value={c.getValue()} rowLabel={label} canEdit={p.canEdit} onSave={p.onSave(rec, f)} />
                      </td>
                    );
                  })}
                  {p.canEdit && (
                    <td className="px-2 py-1">
                      <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700" aria-label={`Delete ${label}`} onClick={() => p.onDelete(rec)}>
                        Delete
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
            {padBottom > 0 && (
              <tr aria-hidden="true">
                <td style={{ height: padBottom }} />
              </tr>
            )}
          </tbody>
        </table>
        {rows.length === 0 && <p className="p-6 text-center text-sm text-slate-500">No records match.</p>}
      </div>
      <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500" aria-live="polite">
        {p.totalLabel}
        {p.loadingMore && " · loading more…"}
      </p>
    </div>
  );
}
