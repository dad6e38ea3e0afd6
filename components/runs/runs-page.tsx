"use client";
import Link from "next/link";
import { useState } from "react";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { RunsFilters } from "./runs-filters";
import { RunsTable } from "./runs-table";
import { StatusTabs } from "./status-tabs";
import { useRunsFilter } from "./use-runs-filter";

export function RunsPage({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const { raw, filter, set } = useRunsFilter();
  const workflows = useQuery(trpc.workflow.list.queryOptions({}));
  const counts = useQuery({ ...trpc.run.counts.queryOptions({ filter }), refetchInterval: 10_000 });
  const runs = useInfiniteQuery({
    ...trpc.run.list.infiniteQueryOptions({ filter, limit: 50 }, { getNextPageParam: (last) => last.nextCursor }),
    refetchInterval: 10_000,
  });
  const [notice, setNotice] = useState<string | null>(null);
  const bulk = useMutation(
    trpc.run.bulkRetry.mutationOptions({
      onSuccess: (r) => {
        setNotice(`${r.retried} failed run(s) retried from the failed step.${r.skipped.length ? ` ${r.skipped.length} could not be retried: ${r.skipped[0]!.reason}` : ""}`);
        void qc.invalidateQueries(trpc.run.pathFilter());
      },
      onError: (e) => setNotice(errorDetails(e).message),
    }),
  );
  const rows = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const anyFilter = Object.entries(raw).some(([k, v]) => k !== "status" && v);
  const failedCount = counts.data?.counts.failed ?? 0;

  return (
    <div className="space-y-4 px-8 py-6">
      <RunsFilters raw={raw} set={set} workflows={(workflows.data ?? []).map((w) => ({ id: w.id, name: w.name }))} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <StatusTabs value={raw.status} counts={counts.data?.counts} cap={counts.data?.cap} onChange={(v) => set("status", v)} />
        {isAdmin && failedCount > 0 && (raw.status === "failed" || raw.status === "") && (
          <button
            type="button"
            className="btn-secondary"
            disabled={bulk.isPending}
            onClick={() => {
              if (window.confirm(`Retry up to 100 failed runs matching these filters, each from its failed step, on the latest version of its workflow?`)) bulk.mutate({ filter });
            }}
          >
            {bulk.isPending ? "Retrying…" : `Retry failed runs (${Math.min(failedCount, 100)})`}
          </button>
        )}
      </div>
      {notice && (
        <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800">
          {notice}
        </p>
      )}
      {runs.isLoading ? (
        <p className="text-sm text-slate-500">Loading runs…</p>
      ) : runs.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {errorDetails(runs.error).message}
        </p>
      ) : rows.length === 0 ? (
        <div className="card text-center p-6">
          {anyFilter || raw.status ? (
            <>
              <p className="font-medium text-slate-900">No runs match these filters.</p>
              <p className="mt-1 text-sm text-slate-600">Try a longer time range, or clear the search.</p>
            </>
          ) : (
            <>
              <p className="font-medium text-slate-900">No runs yet.</p>
              <p className="mt-1 text-sm text-slate-600">
                A run appears here each time a workflow starts: open a workflow and press <strong>Test run</strong>, or publish it so its trigger (webhook, schedule or form) starts it.
              </p>
              <Link href="/workflows" className="btn-primary mt-4 inline-block">
                Go to workflows
              </Link>
            </>
          )}
        </div>
      ) : (
        <>
          <RunsTable rows={rows} />
          {runs.hasNextPage && (
            <div className="flex justify-center">
              <button type="button" className="btn-secondary" onClick={() => runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
                {runs.isFetchingNextPage ? "Loading…" : "Show older runs"}
              </button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
