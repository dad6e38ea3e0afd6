"use client";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { SlaBadge } from "@/components/monitoring/sla-badge";

type WorkflowSummary = inferRouterOutputs<AppRouter>["workflow"]["list"][number];

const statusLabel = { draft: "Draft", active: "Live", paused: "Paused" } as const;
const statusStyle = {
  draft: "bg-slate-100 text-slate-700",
  active: "bg-emerald-50 text-emerald-800",
  paused: "bg-amber-50 text-amber-800",
} as const;

function relativeTime(d: Date): string {
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return d.toLocaleDateString();
}

export function WorkflowRow(props: { wf: WorkflowSummary; canEdit: boolean; onRename: () => void; onDuplicate: () => void; onDelete: () => void }) {
  const { wf } = props;
  return (
    <tr className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
      <td className="px-4 py-3">
        <Link href={`/workflows/${wf.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
          {wf.name}
        </Link>
        {wf.description && <p className="mt-0.5 line-clamp-1 text-xs text-slate-500">{wf.description}</p>}
      </td>
      <td className="px-4 py-3">
        <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusStyle[wf.status]}`}>{statusLabel[wf.status]}</span> <SlaBadge workflowId={wf.id} />
      </td>
      <td className="px-4 py-3">
        <div className="flex flex-wrap gap-1">
          {wf.tags.map((t) => (
            <span key={t} className="rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">
              {t}
            </span>
          ))}
        </div>
      </td>
      <td className="px-4 py-3 text-slate-600">
        <time dateTime={wf.updatedAt.toISOString()} title={wf.updatedAt.toLocaleString()}>
          {relativeTime(wf.updatedAt)}
        </time>
        {wf.updatedByName && <span className="text-slate-500"> by {wf.updatedByName}</span>}
      </td>
      <td className="px-4 py-3 text-right">
        {props.canEdit && (
          <div className="flex justify-end gap-1">
            <button type="button" className="btn-ghost px-2 py-1" onClick={props.onRename} aria-label={`Rename ${wf.name}`}>
              Rename
            </button>
            <button type="button" className="btn-ghost px-2 py-1" onClick={props.onDuplicate} aria-label={`Duplicate ${wf.name}`}>
              Duplicate
            </button>
            <button type="button" className="btn-ghost px-2 py-1 text-red-700" onClick={props.onDelete} aria-label={`Delete ${wf.name}`}>
              Delete
            </button>
          </div>
        )}
      </td>
    </tr>
  );
}
