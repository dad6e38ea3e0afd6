"use client";
// Published versions, newest first, with author, time and note; any version opens read-only.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ReadOnlyCanvas } from "@/components/canvas/read-only-canvas";
import { readStoredGraph } from "@/components/canvas/graph-mapping";

const when = (d: Date | string) => new Date(d).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

export function VersionsDrawer({ workflowId, liveVersion, onClose }: { workflowId: string; liveVersion: number | null; onClose(): void }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.workflow.versions.queryOptions({ id: workflowId }));
  const [viewing, setViewing] = useState<number | null>(null);
  const version = useQuery({ ...trpc.workflow.version.queryOptions({ id: workflowId, version: viewing ?? 1 }), enabled: viewing !== null });

  if (viewing !== null) {
    return (
      <div role="dialog" aria-modal="true" aria-label={`Version ${viewing} (read-only)`} className="fixed inset-0 z-40 flex flex-col bg-white">
        <div className="flex items-center gap-3 border-b border-slate-200 px-4 py-2">
          <button type="button" className="btn-secondary py-1" onClick={() => setViewing(null)} autoFocus>
            ← Back to versions
          </button>
          <h2 className="text-base font-semibold">Version {viewing}</h2>
          <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">Read-only</span>
          {version.data?.note && <span className="truncate text-sm text-slate-600">“{version.data.note}”</span>}
        </div>
        <div className="flex-1">{version.data ? <ReadOnlyCanvas graph={readStoredGraph(version.data.graph)} label={`Version ${viewing}, read-only`} /> : <p className="p-6 text-sm text-slate-500">Loading…</p>}</div>
      </div>
    );
  }
  return (
    <aside role="dialog" aria-label="Versions" className="fixed inset-y-0 right-0 z-40 flex w-96 flex-col border-l border-slate-200 bg-white shadow-xl">
      <div className="flex items-center justify-between border-b border-slate-200 px-4 py-3">
        <h2 className="text-base font-semibold">Versions</h2>
        <button type="button" className="btn-ghost px-2 py-1" onClick={onClose} aria-label="Close versions" autoFocus>
          ✕
        </button>
      </div>
      <div className="flex-1 overflow-y-auto">
        {versions.isLoading && <p className="p-4 text-sm text-slate-500">Loading…</p>}
        {versions.data?.length === 0 && <p className="p-4 text-sm text-slate-500">Nothing published yet. Publish to create version 1.</p>}
        <ol>
          {versions.data?.map((v) => (
            <li key={v.version} className="border-b border-slate-100 px-4 py-3">
              <div className="flex items-center justify-between gap-2">
                <p className="text-sm font-semibold">
                  Version {v.version}
                  {v.version === liveVersion && <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-800">Live</span>}
                </p>
                <button type="button" className="btn-secondary px-2 py-1 text-xs" onClick={() => setViewing(v.version)}>
                  Open
                </button>
              </div>
              <p className="text-xs text-slate-500">
                {v.authorName ?? "Someone"} · {when(v.createdAt)}
              </p>
              {v.note && <p className="mt-1 text-sm text-slate-700">{v.note}</p>}
            </li>
          ))}
        </ol>
      </div>
    </aside>
  );
}
