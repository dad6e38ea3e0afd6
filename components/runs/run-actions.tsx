"use client";
// Retry from the failed step, replay with the same data, cancel. Editors and admins only (the
// server checks too); every action is written to the audit log.
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";

interface Props {
  executionId: string;
  status: string;
  mode: "production" | "test";
  /** The workflow's published version, if any (replaying on it needs one). */
  published: number | null;
  retriedAs: string | null;
}

export function RunActions({ executionId, status, mode, published, retriedAs }: Props) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [graph, setGraph] = useState<"latest" | "ran">("latest");
  const onError = (e: unknown) => setError(errorDetails(e).message);
  const open = (id: string) => router.push(`/runs/${id}`);
  const retry = useMutation(trpc.run.retry.mutationOptions({ onSuccess: (r) => open(r.executionId), onError }));
  const replay = useMutation(trpc.run.replay.mutationOptions({ onSuccess: (r) => open(r.executionId), onError }));
  const cancel = useMutation(trpc.run.cancel.mutationOptions({ onSuccess: () => qc.invalidateQueries(trpc.run.pathFilter()), onError }));
  const busy = retry.isPending || replay.isPending || cancel.isPending;
  const finished = ["succeeded", "failed", "canceled"].includes(status);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        {status === "failed" && !retriedAs && (
          <>
            <button type="button" className="btn-primary" disabled={busy} onClick={() => retry.mutate({ id: executionId, graph })}>
              {retry.isPending ? "Retrying…" : "Retry from the failed step"}
            </button>
            <label className="text-xs text-slate-600">
              <span className="sr-only">Retry on</span>
              <select className="input py-1 text-xs" value={graph} onChange={(e) => setGraph(e.target.value as "latest" | "ran")}>
                <option value="latest">{mode === "test" ? "with the current draft (your fixes)" : "with the published version"}</option>
                <option value="ran">with the version that ran</option>
              </select>
            </label>
          </>
        )}
        {finished && (
          <>
            {published !== null && (
              <button type="button" className="btn-secondary" disabled={busy} onClick={() => replay.mutate({ id: executionId, on: "published" })}>
                Run again on the published version (v{published})
              </button>
            )}
            <button type="button" className={published === null ? "btn-secondary" : "btn-ghost"} disabled={busy} onClick={() => replay.mutate({ id: executionId, on: "ran" })}>
              Run again with the same data{mode === "test" ? "" : " on the version that ran"}
            </button>
          </>
        )}
        {!finished && (
          <button type="button" className="btn-danger" disabled={busy} onClick={() => window.confirm("Stop this run? Steps that already ran are not undone.") && cancel.mutate({ id: executionId })}>
            Cancel run
          </button>
        )}
      </div>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
