"use client";
import { useCallback, useDeferredValue, useMemo, useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC, useTRPCClient } from "@/components/trpc/client";
import { PageHeader } from "@/components/layout/page-header";
import { Toast, type ToastMessage } from "@/components/ui/toast";
import type { FieldDef } from "@/server/data/field-types";
import type { RowFilter, RowSort } from "@/server/data/row-query";
import { DataGrid } from "./data-grid";
import { FilterBar } from "./filter-bar";
import { AddRecordDialog } from "./add-record-dialog";
import { FieldEditor } from "./field-editor";
import { ImportWizard } from "./import-wizard";
import { downloadText, plural } from "./format";
import type { GridRow } from "./types";

let toastSeq = 0;

/** One table: toolbar, grid, and the field editor and CSV import panels. */
export function TableView({ tableId, canEdit }: { tableId: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const qc = useQueryClient();
  const [filters, setFilters] = useState<RowFilter[]>([]);
  const [search, setSearch] = useState("");
  const [sort, setSort] = useState<RowSort | undefined>();
  const [panel, setPanel] = useState<"none" | "fields" | "import">("none");
  const [adding, setAdding] = useState(false);
  const [toast, setToast] = useState<ToastMessage | null>(null);
  const clearToast = useCallback(() => setToast(null), []);
  const deferredSearch = useDeferredValue(search);

  const info = useQuery(trpc.data.get.queryOptions({ table: tableId }));
  const query = { table: tableId, filters, search: deferredSearch || undefined, sort, limit: 100 };
  const rows = useInfiniteQuery(trpc.data.rows.infiniteQueryOptions(query, { getNextPageParam: (p) => p.nextCursor ?? undefined }));
  const refresh = useCallback(() => qc.invalidateQueries(trpc.data.pathFilter()), [qc, trpc]);
  const all = useMemo(() => rows.data?.pages.flatMap((p) => p.rows) ?? [], [rows.data]);
  const remove = useMutation(trpc.data.deleteRows.mutationOptions({ onSuccess: () => void refresh() }));
  const exportCsv = useMutation(trpc.data.exportCsv.mutationOptions({ onSuccess: (r) => downloadText(r.fileName, r.csv) }));

  const onSave = useCallback(
    (row: GridRow, f: FieldDef) => async (value: unknown) => {
      try {
        await client.data.updateRow.mutate({ table: tableId, id: row.id, patch: { [f.key]: value }, expectedVersion: row.version });
        await refresh();
        return null;
      } catch (e) {
        const d = errorDetails(e);
        return d.fields[f.key] ?? d.message;
      }
    },
    [client, tableId, refresh],
  );

  if (info.error) return <p role="alert" className="field-error p-8">{errorDetails(info.error).message}</p>;
  if (!info.data) return <p className="p-8 text-sm text-slate-500">Loading…</p>;
  const t = info.data;
  const keyLabels = (t.def.uniqueKey ?? []).map((k) => t.def.fields.find((f) => f.key === k)?.label ?? k);
  const filtering = filters.length > 0 || Boolean(deferredSearch);
  const shown = all.length;
  const totalLabel = filtering ? `${plural(shown, "matching record")}${rows.hasNextPage ? " shown so far" : ""}` : `${plural(t.rowCount, "record")} in this table`;

  return (
    <>
      <PageHeader
        title={t.name}
        description={
          <>
            {t.def.description}
            {keyLabels.length > 0 && <span className="block">Records with the same {keyLabels.join(" + ")} are treated as one (no duplicates).</span>}
          </>
        }
        actions={
          <>
            <button type="button" className="btn-secondary" onClick={() => exportCsv.mutate({ table: tableId, filters, search: deferredSearch || undefined, sort })} disabled={exportCsv.isPending}>
              {exportCsv.isPending ? "Exporting…" : filtering ? "Export these records (CSV)" : "Export CSV"}
            </button>
            {canEdit && (
              <>
                <button type="button" className="btn-secondary" aria-expanded={panel === "fields"} onClick={() => setPanel(panel === "fields" ? "none" : "fields")}>
                  Fields
                </button>
                <button type="button" className="btn-secondary" aria-expanded={panel === "import"} onClick={() => setPanel(panel === "import" ? "none" : "import")}>
                  Import CSV
                </button>
                <button type="button" className="btn-primary" onClick={() => setAdding(true)}>
                  + Add record
                </button>
              </>
            )}
          </>
        }
      />
      <div className="space-y-4 p-8">
        {panel === "fields" && <FieldEditor table={t} onChanged={() => void refresh()} onClose={() => setPanel("none")} />}
        {panel === "import" && (
          <ImportWizard
            table={t}
            onClose={() => setPanel("none")}
            onImported={(r) => {
              void refresh();
              setToast({ id: ++toastSeq, text: `Import finished: ${plural(r.inserted, "record")} added, ${r.updated} updated.` });
            }}
          />
        )}
        {exportCsv.error && <p role="alert" className="field-error">{errorDetails(exportCsv.error).message}</p>}
        <FilterBar fields={t.def.fields} filters={filters} onFilters={setFilters} search={search} onSearch={setSearch} />
        {rows.error && <p role="alert" className="field-error">{errorDetails(rows.error).message}</p>}
        <DataGrid
          fields={t.def.fields}
          rows={all}
          sort={sort}
          onSort={setSort}
          canEdit={canEdit}
          onSave={onSave}
          onDelete={(r) => {
            remove.mutate({ table: tableId, ids: [r.id] });
            setToast({ id: ++toastSeq, text: `Deleted record ${r.id}.` });
          }}
          hasMore={Boolean(rows.hasNextPage)}
          loadingMore={rows.isFetchingNextPage}
          loadMore={() => void rows.fetchNextPage()}
          totalLabel={rows.isLoading ? "Loading records…" : totalLabel}
        />
      </div>
      <AddRecordDialog table={t} open={adding} onClose={() => setAdding(false)} onAdded={() => (setAdding(false), void refresh())} />
      <Toast toast={toast} onDone={clearToast} />
    </>
  );
}
