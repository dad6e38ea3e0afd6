"use client";
// One run: the graph it ran with each node's status, the failing node highlighted with its error,
// the timeline, and per step its data. Polls every second while the run is going.
import Link from "next/link";
import { useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import type { WorkflowGraph } from "@/server/engine/graph";
import { JsonViewer } from "./json-viewer";
import { RunActions } from "./run-actions";
import { RunGraph, type NodeRunSummary } from "./run-graph";
import { RunTimeline, type TimelineStep } from "./run-timeline";
import { StatusBadge } from "./status-badge";
import { StepDetails } from "./step-details";
import { TERMINAL, durationOf, formatDuration } from "./format";
import { useNow } from "./use-now";

const RANK: Record<string, number> = { failed: 6, running: 5, waiting: 4, queued: 3, canceled: 2, succeeded: 1, skipped: 0 };

export function RunViewer({ id, canAct }: { id: string; canAct: boolean }) {
  const trpc = useTRPC();
  const run = useQuery({ ...trpc.run.get.queryOptions({ id }), refetchInterval: (q) => (q.state.data && TERMINAL.includes(q.state.data.status) ? false : 1000) });
  const graphQ = useQuery({ ...trpc.run.graph.queryOptions({ id }), staleTime: Infinity });
  const links = useQuery(trpc.run.links.queryOptions({ id }));
  const [selected, setSelected] = useState<number | null>(null);
  const now = useNow(1000);
  const e = run.data;
  const graph = graphQ.data?.graph as WorkflowGraph | undefined;
  const names = useMemo(() => new Map((graph?.nodes ?? []).map((n) => [n.id, n.name])), [graph]);

  const byNode = useMemo(() => {
    const m = new Map<string, NodeRunSummary>();
    for (const s of e?.steps ?? []) {
      const cur = m.get(s.nodeId) ?? { status: s.status, attempts: 0, items: 0 };
      if (s.scope) cur.items = Math.max(cur.items, (s.itemIndex ?? 0) + 1);
      cur.attempts = Math.max(cur.attempts, s.attempt);
      // The latest attempt at the top level decides; across loop items the worst one shows.
      if (!s.scope || (RANK[s.status] ?? 0) > (RANK[cur.status] ?? 0)) cur.status = s.status;
      m.set(s.nodeId, cur);
    }
    return m;
  }, [e]);

  if (run.isError) return <p role="alert" className="px-8 py-6 text-sm text-red-700">{errorDetails(run.error).message}</p>;
  if (!e) return <p className="px-8 py-6 text-sm text-slate-500">Loading the run…</p>;

  const createdAt = new Date(e.createdAt).getTime();
  const timeline: TimelineStep[] = e.steps.map((s) => ({
    id: s.id,
    nodeId: s.nodeId,
    name: names.get(s.nodeId) ?? s.nodeId,
    scope: s.scope,
    attempt: s.attempt,
    status: s.status,
    createdAt: new Date(s.createdAt),
    startedAt: s.startedAt ? new Date(s.startedAt) : null,
    finishedAt: s.finishedAt ? new Date(s.finishedAt) : null,
    // Copied from the run this one retries.
    kept: new Date(s.createdAt).getTime() < createdAt - 1,
  }));
  const failedStep = [...e.steps].reverse().find((s) => s.status === "failed" && s.nodeId === e.failedNodeId);
  const current = e.steps.find((s) => s.id === selected) ?? failedStep ?? e.steps[e.steps.length - 1];
  const selectNode = (nodeId: string) => {
    const last = [...e.steps].reverse().find((s) => s.nodeId === nodeId);
    if (last) setSelected(last.id);
  };
  const err = e.error as { message?: string } | null;

  return (
    <div className="space-y-5 px-8 py-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="space-y-1">
          <div className="flex items-center gap-2">
            <StatusBadge status={e.status} />
            <span className="text-sm text-slate-600">
              {graphQ.data?.workflowName ? (
                <Link className="font-medium text-slate-900 hover:underline" href={`/workflows/${e.workflowId}`}>
                  {graphQ.data.workflowName}
                </Link>
              ) : null}{" "}
              · {e.mode === "test" ? "test run of the draft" : `version ${e.workflowVersion ?? "?"}`} · started {new Date(e.createdAt).toLocaleString()} · took {formatDuration(durationOf(e.startedAt, e.finishedAt ?? (TERMINAL.includes(e.status) ? null : new Date(now))))}
            </span>
          </div>
          {links.data?.retryOf && (
            <p className="text-sm text-slate-600">
              Retry of <Link className="text-brand-700 underline" href={`/runs/${links.data.retryOf.executionId}`}>a failed run</Link> by {links.data.retryOf.by}: completed steps were kept, the run continued from {links.data.retryOf.nodeIds.map((n) => names.get(n) ?? n).join(", ")}
              {links.data.retryOf.graphChanged ? " with the updated workflow" : ""}.
            </p>
          )}
          {links.data?.retriedAs && (
            <p className="text-sm text-slate-600">
              This run was retried by {links.data.retriedAs.by}: <Link className="text-brand-700 underline" href={`/runs/${links.data.retriedAs.executionId}`}>open the retry</Link>.
            </p>
          )}
        </div>
        {canAct && <RunActions executionId={e.id} status={e.status} mode={e.mode} published={graphQ.data?.publishedVersion ?? null} retriedAs={links.data?.retriedAs?.executionId ?? null} />}
      </div>
      {e.status === "failed" && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900" data-testid="run-error">
          <strong>{e.failedNodeId ? `“${names.get(e.failedNodeId) ?? e.failedNodeId}” failed: ` : "The run failed: "}</strong>
          {err?.message ?? "unknown error"}
        </div>
      )}
      <div className="card h-[380px] p-0" data-testid="run-graph">
        {graph ? <RunGraph graph={graph} byNode={byNode} failedNodeId={e.status === "failed" ? e.failedNodeId : null} selected={current?.nodeId ?? null} onSelect={selectNode} /> : <p className="p-4 text-sm text-slate-500">Loading the workflow…</p>}
      </div>
      <div className="grid gap-5 xl:grid-cols-2">
        <div className="card space-y-3 p-4">
          <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">Timeline</h2>
          <RunTimeline steps={timeline} now={now} selected={current?.id ?? null} onSelect={setSelected} />
        </div>
        <div className="card min-w-0 p-4">{current ? <StepDetails key={current.id} step={current} name={names.get(current.nodeId) ?? current.nodeId} /> : <p className="text-sm text-slate-500">No step has run yet.</p>}</div>
      </div>
      <details className="card p-4">
        <summary className="cursor-pointer text-sm font-semibold text-slate-700">Data that started the run</summary>
        <div className="mt-3">
          <JsonViewer value={e.triggerData} label="Trigger data" />
        </div>
      </details>
    </div>
  );
}
