"use client";
import Link from "next/link";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { StatusBadge } from "./status-badge";
import { durationOf, formatDuration, relativeTime } from "./format";

export type RunRow = inferRouterOutputs<AppRouter>["run"]["list"]["items"][number];

export function RunsTable({ rows }: { rows: RunRow[] }) {
  return (
    <div className="card overflow-x-auto p-0">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Runs, newest first</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2">Status</th>
            <th scope="col" className="px-4 py-2">Workflow</th>
            <th scope="col" className="px-4 py-2">Started</th>
            <th scope="col" className="px-4 py-2">Duration</th>
            <th scope="col" className="px-4 py-2">What went wrong</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className="border-b border-slate-100 last:border-0 hover:bg-slate-50">
              <td className="px-4 py-2.5">
                <StatusBadge status={r.status} />
              </td>
              <td className="px-4 py-2.5">
                <Link href={`/runs/${r.id}`} className="font-medium text-slate-900 hover:text-brand-700 hover:underline">
                  {r.workflowName}
                </Link>
                <span className="ml-2 text-xs text-slate-500">
                  {r.mode === "test" ? "test run" : r.workflowVersion ? `v${r.workflowVersion}` : ""}
                  {r.errorOfExecutionId ? " · error handler" : ""}
                  {r.parentExecutionId ? " · called by another run" : ""}
                </span>
              </td>
              <td className="whitespace-nowrap px-4 py-2.5 text-slate-600">
                <time dateTime={new Date(r.createdAt).toISOString()} title={new Date(r.createdAt).toLocaleString()}>
                  {relativeTime(r.createdAt)}
                </time>
              </td>
              <td className="whitespace-nowrap px-4 py-2.5 text-slate-600">{formatDuration(durationOf(r.startedAt, r.finishedAt))}</td>
              <td className="max-w-md truncate px-4 py-2.5 text-red-800" title={r.errorMessage ?? undefined}>
                {r.status === "failed" ? (r.errorMessage ?? "Failed") : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
