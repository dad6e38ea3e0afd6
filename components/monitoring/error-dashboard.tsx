"use client";
import Link from "next/link";
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { definitionOf } from "@/components/editor/catalog";
import { formatDuration, relativeTime } from "@/components/runs/format";
import { FailureRateChart } from "./failure-rate-chart";
import { SlaBadge } from "./sla-badge";

const WINDOWS = [
  { hours: 24, label: "Last 24 hours" },
  { hours: 24 * 7, label: "Last 7 days" },
  { hours: 24 * 30, label: "Last 30 days" },
];

export function ErrorDashboard() {
  const trpc = useTRPC();
  const [hours, setHours] = useState(24 * 7);
  const q = useQuery({ ...trpc.monitoring.dashboard.queryOptions({ hours, mode: "production" }), refetchInterval: 30_000 });
  const names = useMemo(() => new Map((q.data?.workflows ?? []).map((w) => [w.workflowId, w.name])), [q.data]);
  const secs = (s: number | null) => formatDuration(s === null ? null : s * 1000);
  return (
    <section aria-labelledby="errors-h" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="errors-h" className="text-lg font-semibold text-slate-900">
          Errors and runs
        </h2>
        <label className="text-sm text-slate-600">
          Period{" "}
          <select className="input ml-1 inline-block w-auto" value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {WINDOWS.map((w) => (
              <option key={w.hours} value={w.hours}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {q.isError && <p role="alert" className="text-sm text-red-700">{errorDetails(q.error).message}</p>}
      {q.data && q.data.workflows.length === 0 ? (
        <div className="card text-sm text-slate-600 p-4">No live runs in this period. Publish a workflow so its trigger starts it; test runs are not counted here.</div>
      ) : q.data ? (
        <>
          <div className="card p-4">
            <h3 className="mb-2 text-sm font-semibold text-slate-700">Failure rate per workflow</h3>
            <FailureRateChart series={q.data.series} names={names} />
          </div>
          <div className="grid gap-4 xl:grid-cols-2">
            <div className="card overflow-x-auto p-4">
              <h3 className="mb-2 text-sm font-semibold text-slate-700">Top errors</h3>
              {q.data.errors.length === 0 ? (
                <p className="text-sm text-slate-600">No errors in this period.</p>
              ) : (
                <table className="w-full text-left text-sm">
                  <thead className="text-xs uppercase text-slate-500">
                    <tr>
                      <th scope="col" className="py-1 pr-2">Error</th>
                      <th scope="col" className="py-1 pr-2">Times</th>
                      <th scope="col" className="py-1">First / last seen</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.data.errors.map((e) => (
                      <tr key={e.fingerprint} className="border-t border-slate-100 align-top">
                        <td className="py-2 pr-2">
                          <Link href={`/runs/${e.lastExecutionId}`} className="font-medium text-slate-900 hover:underline">
                            {e.title}
                          </Link>
                          <p className="text-xs text-slate-500">
                            in a “{definitionOf(e.nodeType)?.label ?? e.nodeType}” step · {e.workflowIds.map((id) => names.get(id) ?? "a workflow").join(", ")}
                          </p>
                        </td>
                        <td className="py-2 pr-2 tabular-nums">{e.count}</td>
                        <td className="whitespace-nowrap py-2 text-xs text-slate-600">
                          {relativeTime(e.firstSeen)} / {relativeTime(e.lastSeen)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
            <div className="card p-4">
              <h3 className="mb-2 text-sm font-semibold text-slate-700">Recent failures</h3>
              {q.data.recent.length === 0 ? (
                <p className="text-sm text-slate-600">No failed runs.</p>
              ) : (
                <ul className="divide-y divide-slate-100 text-sm">
                  {q.data.recent.map((r) => (
                    <li key={r.executionId} className="py-2">
                      <Link href={`/runs/${r.executionId}`} className="font-medium text-slate-900 hover:underline">
                        {r.workflowName}
                      </Link>{" "}
                      <span className="text-xs text-slate-500">{relativeTime(r.finishedAt)}</span>
                      <p className="truncate text-xs text-red-800" title={r.message}>
                        {r.message}
                      </p>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
          <div className="card overflow-x-auto p-4">
            <h3 className="mb-2 text-sm font-semibold text-slate-700">Per workflow</h3>
            <table className="w-full text-left text-sm">
              <thead className="text-xs uppercase text-slate-500">
                <tr>
                  <th scope="col" className="py-1">Workflow</th>
                  <th scope="col" className="py-1">SLA</th>
                  <th scope="col" className="py-1 text-right">Runs</th>
                  <th scope="col" className="py-1 text-right">Failed</th>
                  <th scope="col" className="py-1 text-right">Typical (p50)</th>
                  <th scope="col" className="py-1 text-right">Slow (p95)</th>
                  <th scope="col" className="py-1 text-right">Slowest (p99)</th>
                </tr>
              </thead>
              <tbody className="tabular-nums">
                {q.data.workflows.map((w) => (
                  <tr key={w.workflowId} className="border-t border-slate-100">
                    <td className="py-1.5">
                      <Link href={`/runs?workflowId=${w.workflowId}`} className="hover:underline">
                        {w.name}
                      </Link>
                    </td>
                    <td className="py-1.5">
                      <SlaBadge workflowId={w.workflowId} />
                    </td>
                    <td className="py-1.5 text-right">{w.total}</td>
                    <td className={`py-1.5 text-right ${w.failed ? "text-red-700" : ""}`}>
                      {w.failed} ({Math.round(w.failureRate * 100)}%)
                    </td>
                    <td className="py-1.5 text-right">{secs(w.p50Seconds)}</td>
                    <td className="py-1.5 text-right">{secs(w.p95Seconds)}</td>
                    <td className="py-1.5 text-right">{secs(w.p99Seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p className="text-sm text-slate-500">Loading…</p>
      )}
    </section>
  );
}
