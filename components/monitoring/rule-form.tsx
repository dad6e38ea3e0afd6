"use client";
import { useState } from "react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";

type Kind = "any_failure" | "consecutive_failures" | "failure_rate" | "credential_reconnect" | "sla_breach";
const KINDS: { value: Kind; label: string }[] = [
  { value: "any_failure", label: "Any failed run" },
  { value: "consecutive_failures", label: "Several failed runs in a row" },
  { value: "failure_rate", label: "Failure rate above a limit" },
  { value: "credential_reconnect", label: "A credential needs reconnecting" },
  { value: "sla_breach", label: "An SLA is breached" },
];

export function RuleForm({ channels, onSaved }: { channels: { id: string; name: string }[]; onSaved: () => void }) {
  const trpc = useTRPC();
  const workflows = useQuery(trpc.workflow.list.queryOptions({}));
  const [kind, setKind] = useState<Kind>("any_failure");
  const [workflowId, setWorkflowId] = useState("");
  const [count, setCount] = useState(3);
  const [percent, setPercent] = useState(20);
  const [windowMinutes, setWindow] = useState(60);
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation(trpc.monitoring.saveRule.mutationOptions({ onSuccess: () => (setError(null), onSaved()), onError: (e) => setError(errorDetails(e).message) }));
  const params: Record<string, number> = kind === "consecutive_failures" ? { count } : kind === "failure_rate" ? { percent, windowMinutes, minRuns: 5 } : {};
  const name = `${KINDS.find((k) => k.value === kind)!.label}${workflowId ? ` — ${workflows.data?.find((w) => w.id === workflowId)?.name ?? ""}` : ""}`;
  return (
    <form
      className="space-y-2 border-t border-slate-100 pt-3"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ name, kind, workflowId: workflowId || null, params, channelIds: picked });
      }}
    >
      <div className="flex flex-wrap gap-2">
        <label className="label">
          Alert when
          <select className="input mt-1" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {kind !== "credential_reconnect" && (
          <label className="label">
            Workflow
            <select className="input mt-1" value={workflowId} onChange={(e) => setWorkflowId(e.target.value)}>
              <option value="">All workflows</option>
              {workflows.data?.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {kind === "consecutive_failures" && (
          <label className="label">
            Runs in a row
            <input className="input mt-1 w-24" type="number" min={2} max={100} value={count} onChange={(e) => setCount(Number(e.target.value))} />
          </label>
        )}
        {kind === "failure_rate" && (
          <>
            <label className="label">
              Above (%)
              <input className="input mt-1 w-24" type="number" min={1} max={100} value={percent} onChange={(e) => setPercent(Number(e.target.value))} />
            </label>
            <label className="label">
              Over the last (minutes)
              <input className="input mt-1 w-24" type="number" min={5} value={windowMinutes} onChange={(e) => setWindow(Number(e.target.value))} />
            </label>
          </>
        )}
      </div>
      <fieldset className="text-sm">
        <legend className="label">Send to</legend>
        {channels.length === 0 ? (
          <p className="text-xs text-slate-500">Add a channel first (or save the rule to record incidents in the history only).</p>
        ) : (
          channels.map((c) => (
            <label key={c.id} className="mr-3 inline-flex items-center gap-1">
              <input type="checkbox" checked={picked.includes(c.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, c.id] : picked.filter((x) => x !== c.id))} />
              {c.name}
            </label>
          ))
        )}
      </fieldset>
      <button type="submit" className="btn-secondary" disabled={save.isPending}>
        Add rule
      </button>
      {error && <p role="alert" className="field-error">{error}</p>}
    </form>
  );
}
