"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { PageHeader } from "@/components/layout/page-header";
import { NewTableDialog } from "./new-table-dialog";
import { plural } from "./format";

/** The Data page: every table of the workspace, or a friendly start when there is none. */
export function TableList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const list = useQuery(trpc.data.list.queryOptions());
  const starters = useMutation(trpc.data.createStarterTables.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.data.pathFilter()) }));
  const tables = list.data ?? [];

  return (
    <>
      <PageHeader
        title="Data"
        description="Tables keep your business records — leads, tasks, reports — in one place. Your workflows read and update them, and keep them free of duplicates."
        actions={
          canEdit &&
          tables.length > 0 && (
            <button type="button" className="btn-primary" onClick={() => setCreating(true)}>
              + New table
            </button>
          )
        }
      />
      <div className="p-8">
        {list.isLoading && <p className="text-sm text-slate-500">Loading tables…</p>}
        {list.error && (
          <p role="alert" className="field-error">
            {errorDetails(list.error).message}
          </p>
        )}
        {list.isSuccess && tables.length === 0 && (
          <section className="card mx-auto max-w-xl p-8 text-center" aria-labelledby="empty-data">
            <h2 id="empty-data" className="text-lg font-semibold text-slate-900">
              You have no tables yet
            </h2>
            <p className="mt-2 text-sm text-slate-600">
              Start with ready-made tables for leads, follow-up tasks and a daily report, or build your own from scratch.
            </p>
            {canEdit ? (
              <div className="mt-6 flex flex-wrap justify-center gap-3">
                <button type="button" className="btn-primary" onClick={() => setCreating(true)}>
                  Create a table
                </button>
                <button type="button" className="btn-secondary" disabled={starters.isPending} onClick={() => starters.mutate()}>
                  {starters.isPending ? "Creating…" : "Add Leads, Tasks and Reporting"}
                </button>
              </div>
            ) : (
              <p className="mt-4 text-sm text-slate-500">Ask an editor to create the first table.</p>
            )}
            {starters.error && (
              <p role="alert" className="field-error mt-3">
                {errorDetails(starters.error).message}
              </p>
            )}
          </section>
        )}
        {tables.length > 0 && (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Tables">
            {tables.map((t) => (
              <li key={t.id} className="card p-5">
                <h2 className="text-base font-semibold">
                  <Link href={`/data/${t.id}`} className="text-brand-700 hover:underline">
                    {t.name}
                  </Link>
                </h2>
                {t.description && <p className="mt-1 line-clamp-2 text-sm text-slate-600">{t.description}</p>}
                <p className="mt-3 text-xs text-slate-500">
                  {plural(t.rowCount, "record")} · {plural(t.fieldCount, "field")}
                  {t.keyFields.length > 0 && ` · no duplicates by ${t.keyFields.join(" + ")}`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
      <NewTableDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          void qc.invalidateQueries(trpc.data.pathFilter());
          router.push(`/data/${id}`);
        }}
      />
    </>
  );
}
