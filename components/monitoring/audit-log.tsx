"use client";
import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";

const AREAS = [
  { value: "", label: "Everything" },
  { value: "workflow", label: "Workflows and versions" },
  { value: "execution", label: "Runs (retry, replay, cancel)" },
  { value: "credential", label: "Credentials" },
  { value: "member", label: "Members" },
  { value: "workspace", label: "Workspace settings" },
  { value: "alert_rule", label: "Alert rules" },
  { value: "alert_channel", label: "Alert channels" },
];

export function AuditLog() {
  const trpc = useTRPC();
  const [targetType, setTargetType] = useState("");
  const [actor, setActor] = useState("");
  const [search, setSearch] = useState("");
  const input = { targetType: targetType || undefined, actor: actor || undefined, search: search || undefined };
  const q = useInfiniteQuery(trpc.audit.list.infiniteQueryOptions(input, { getNextPageParam: (last) => last.nextCursor }));
  const rows = q.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div className="space-y-4 px-8 py-6">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter the audit log">
        <label className="label">
          Area
          <select className="input mt-1" value={targetType} onChange={(e) => setTargetType(e.target.value)}>
            {AREAS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </label>
        <label className="label">
          Who
          <input className="input mt-1" value={actor} onChange={(e) => setActor(e.target.value)} placeholder="Name" />
        </label>
        <label className="label flex-1">
          Search
          <input className="input mt-1" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Words in the summary, or an id" />
        </label>
      </div>
      {q.isError && <p role="alert" className="text-sm text-red-700">{errorDetails(q.error).message}</p>}
      {rows.length === 0 && !q.isLoading ? (
        <p className="card text-sm text-slate-600 p-4">Nothing recorded matches these filters.</p>
      ) : (
        <div className="card overflow-x-auto p-0">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit log, newest first</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase text-slate-500">
              <tr>
                <th scope="col" className="px-4 py-2">When</th>
                <th scope="col" className="px-4 py-2">Who</th>
                <th scope="col" className="px-4 py-2">What</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className="border-b border-slate-100 align-top last:border-0">
                  <td className="whitespace-nowrap px-4 py-2 text-slate-600">
                    <time dateTime={new Date(r.createdAt).toISOString()}>{new Date(r.createdAt).toLocaleString()}</time>
                  </td>
                  <td className="whitespace-nowrap px-4 py-2">{r.actorLabel}</td>
                  <td className="px-4 py-2">
                    {r.summary}
                    <span className="ml-2 text-xs text-slate-400">{r.action}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.hasNextPage && (
        <button type="button" className="btn-secondary" onClick={() => q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          Show older entries
        </button>
      )}
    </div>
  );
}
