"use client";
// SLA monitors per workflow and the run-history retention setting.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { SlaHealthDot } from "./sla-badge";

type Kind = "p95_duration" | "success_rate" | "freshness";
const KINDS: { value: Kind; label: string; unit: string; hint: string }[] = [
  { value: "freshness", label: "Runs successfully at least every", unit: "minutes", hint: "e.g. 1440 for once a day: catches a silent stop" },
  { value: "success_rate", label: "Succeeds at least", unit: "% of runs", hint: "over the last 24 hours" },
  { value: "p95_duration", label: "95% of runs finish within", unit: "seconds", hint: "over the last 24 hours" },
];

export function SlaPanel({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const monitors = useQuery(trpc.monitoring.monitors.queryOptions());
  const workflows = useQuery(trpc.workflow.list.queryOptions({}));
  const [workflowId, setWorkflowId] = useState("");
  const [kind, setKind] = useState<Kind>("freshness");
  const [threshold, setThreshold] = useState(1440);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => qc.invalidateQueries(trpc.monitoring.pathFilter());
  const create = useMutation(trpc.monitoring.createMonitor.mutationOptions({ onSuccess: () => (setError(null), refresh()), onError: (e) => setError(errorDetails(e).message) }));
  const remove = useMutation(trpc.monitoring.deleteMonitor.mutationOptions({ onSuccess: refresh }));
  const k = KINDS.find((x) => x.value === kind)!;
  return (
    <section aria-labelledby="sla-h" className="card space-y-3 p-4">
      <h2 id="sla-h" className="text-lg font-semibold text-slate-900">
        Service levels (SLA)
      </h2>
      <p className="text-sm text-slate-600">Each monitor shows green, amber (close to the limit) or red. Add an alert rule “An SLA is breached” to be told when one turns red.</p>
      {monitors.data?.length === 0 && <p className="text-sm text-slate-600">No monitor yet.</p>}
      <ul className="divide-y divide-slate-100 text-sm">
        {monitors.data?.map((m) => (
          <li key={m.id} className="flex items-center justify-between gap-2 py-1.5">
            <span className="flex items-center gap-2">
              <SlaHealthDot health={m.health} />
              <strong className="font-medium">{m.workflowName}</strong>: {m.description}
            </span>
            {isAdmin && (
              <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700" onClick={() => remove.mutate({ id: m.id })} aria-label={`Remove SLA monitor on ${m.workflowName}`}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {isAdmin && (
        <form
          className="flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({ workflowId, kind, threshold, windowMinutes: 1440 });
          }}
        >
          <label className="label">
            Workflow
            <select className="input mt-1" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)} required>
              <option value="">Choose…</option>
              {workflows.data?.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
          <label className="label">
            Promise
            <select className="input mt-1" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
              {KINDS.map((x) => (
                <option key={x.value} value={x.value}>
                  {x.label}
                </option>
              ))}
            </select>
          </label>
          <label className="label">
            {k.unit}
            <input className="input mt-1 w-28" type="number" min={1} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} aria-describedby="sla-hint" />
          </label>
          <button type="submit" className="btn-secondary" disabled={create.isPending}>
            Add monitor
          </button>
          <p id="sla-hint" className="w-full text-xs text-slate-500">
            {k.hint}
          </p>
        </form>
      )}
      {error && <p role="alert" className="field-error">{error}</p>}
      <RetentionForm isAdmin={isAdmin} />
    </section>
  );
}

function RetentionForm({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.monitoring.retention.queryOptions());
  const [draft, setDraft] = useState<{ successDays: number; failedDays: number; stepDataMaxMiB: number } | null>(null);
  const [msg, setMsg] = useState<string | null>(null);
  const save = useMutation(trpc.monitoring.setRetention.mutationOptions({ onSuccess: () => setMsg("Saved."), onError: (e) => setMsg(errorDetails(e).message) }));
  const v = draft ?? q.data;
  if (!v) return null;
  return (
    <form
      className="flex flex-wrap items-end gap-2 border-t border-slate-100 pt-3 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(v);
      }}
    >
      <p className="w-full font-medium text-slate-700">Run history is kept for</p>
      <label className="label">
        Successful runs (days)
        <input className="input mt-1 w-24" type="number" min={1} max={3650} disabled={!isAdmin} value={v.successDays} onChange={(e) => setDraft({ ...v, successDays: Number(e.target.value) })} />
      </label>
      <label className="label">
        Failed runs (days)
        <input className="input mt-1 w-24" type="number" min={1} max={3650} disabled={!isAdmin} value={v.failedDays} onChange={(e) => setDraft({ ...v, failedDays: Number(e.target.value) })} />
      </label>
      <label className="label" title="A step whose output is larger fails (later steps never run on a partial copy); larger errors and logs are kept truncated.">
        Step data limit (MiB)
        <input className="input mt-1 w-24" type="number" min={1} max={64} disabled={!isAdmin} value={v.stepDataMaxMiB} onChange={(e) => setDraft({ ...v, stepDataMaxMiB: Number(e.target.value) })} />
      </label>
      {isAdmin && (
        <button type="submit" className="btn-secondary" disabled={save.isPending}>
          Save
        </button>
      )}
      {msg && <span role="status" className="text-xs text-slate-600">{msg}</span>}
    </form>
  );
}
