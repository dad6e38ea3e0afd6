"use client";
// One step attempt: what went in, what came out or what went wrong, and its log events.
import { useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { JsonViewer } from "./json-viewer";
import { findTruncated, truncationNotice } from "./truncation";
import { StatusBadge } from "./status-badge";
import { durationOf, formatDuration } from "./format";

export type StepRow = inferRouterOutputs<AppRouter>["run"]["get"]["steps"][number];
type Tab = "error" | "output" | "input" | "logs";

interface LogEntry {
  level?: string;
  message?: string;
  at?: string;
  data?: unknown;
}

export function StepDetails({ step, name }: { step: StepRow; name: string }) {
  const logs = Array.isArray(step.logs) ? (step.logs as LogEntry[]) : [];
  const tabs: { id: Tab; label: string }[] = [
    ...(step.error ? [{ id: "error" as const, label: "Error" }] : []),
    { id: "output", label: "Output" },
    { id: "input", label: "Input" },
    { id: "logs", label: `Log (${logs.length})` },
  ];
  const [tab, setTab] = useState<Tab>(step.error ? "error" : "output");
  const active = tabs.some((t) => t.id === tab) ? tab : tabs[0]!.id;
  const error = step.error as { message?: string; code?: string } | null;
  return (
    <section aria-label={`Step ${name}`} className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-base font-semibold text-slate-900">{name}</h3>
        <StatusBadge status={step.status} />
        <span className="text-xs text-slate-500">
          try {step.attempt}
          {step.scope ? ` · loop item ${step.scope}` : ""} · ran {formatDuration(durationOf(step.startedAt, step.finishedAt))}
          {step.handle ? ` · went to "${step.handle}"` : ""}
        </span>
      </div>
      {error?.message && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900" data-testid="step-error">
          {error.message}
          {error.code ? <span className="ml-2 text-xs text-red-700">({error.code})</span> : null}
        </p>
      )}
      <div role="tablist" aria-label="Step data" className="flex gap-1 border-b border-slate-200">
        {tabs.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={active === t.id} onClick={() => setTab(t.id)} className={`-mb-px border-b-2 px-3 py-1.5 text-sm ${active === t.id ? "border-brand-600 font-medium text-brand-700" : "border-transparent text-slate-600"}`}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {active === "error" && <JsonViewer value={step.error} label="Error" />}
        {active === "output" && (step.status === "succeeded" || findTruncated(step.output) ? <JsonViewer value={step.output} label="Output" /> : <p className="text-sm text-slate-500">No output: the step {step.status === "failed" ? "failed" : "did not finish"}.</p>)}
        {active === "input" && <JsonViewer value={step.input} label="Input" />}
        {active === "logs" &&
          (logs.length === 0 ? (
            <p className="text-sm text-slate-500">This step wrote no log events.</p>
          ) : (
            <ul className="space-y-1 text-xs">
              {logs.map((l, i) => (
                <li key={i} className="rounded bg-slate-50 px-2 py-1">
                  <span className={`mr-2 font-semibold uppercase ${l.level === "error" ? "text-red-700" : l.level === "warn" ? "text-amber-700" : "text-slate-500"}`}>{l.level ?? "info"}</span>
                  {l.at ? <time className="mr-2 text-slate-400">{new Date(l.at).toLocaleTimeString()}</time> : null}
                  <span className="text-slate-800">{l.message ?? JSON.stringify(l)}</span>
                  {findTruncated(l.data) ? <span className="ml-2 text-amber-800">{truncationNotice(findTruncated(l.data)!, "log")}</span> : null}
                </li>
              ))}
            </ul>
          ))}
      </div>
    </section>
  );
}
