"use client";
// Alert channels, rules and history. Admins change them; everyone sees the history.
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { relativeTime } from "@/components/runs/format";
import { RuleForm } from "./rule-form";

export const RULE_LABEL: Record<string, string> = {
  any_failure: "Any failed run",
  consecutive_failures: "Several failed runs in a row",
  failure_rate: "Failure rate above a limit",
  credential_reconnect: "A credential needs reconnecting",
  sla_breach: "An SLA is breached",
};

export function AlertsPanel({ isAdmin }: { isAdmin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const channels = useQuery(trpc.monitoring.channels.queryOptions());
  const rules = useQuery(trpc.monitoring.rules.queryOptions());
  const incidents = useQuery({ ...trpc.monitoring.incidents.queryOptions(), refetchInterval: 30_000 });
  const refresh = () => qc.invalidateQueries(trpc.monitoring.pathFilter());
  const [kind, setKind] = useState<"email" | "slack" | "webhook">("email");
  const [name, setName] = useState("");
  const [target, setTarget] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const addChannel = useMutation(
    trpc.monitoring.createChannel.mutationOptions({
      onSuccess: (r) => (setSecret(r.secret), setName(""), setTarget(""), setError(null), refresh()),
      onError: (e) => setError(errorDetails(e).message),
    }),
  );
  const delChannel = useMutation(trpc.monitoring.deleteChannel.mutationOptions({ onSuccess: refresh }));
  const delRule = useMutation(trpc.monitoring.deleteRule.mutationOptions({ onSuccess: refresh }));

  return (
    <section aria-labelledby="alerts-h" className="space-y-4">
      <h2 id="alerts-h" className="text-lg font-semibold text-slate-900">
        Alerts
      </h2>
      <div className="grid gap-4 xl:grid-cols-2">
        <div className="card space-y-3 p-4">
          <h3 className="text-sm font-semibold text-slate-700">Where alerts go</h3>
          {channels.data?.length === 0 && <p className="text-sm text-slate-600">No channel yet. Add an e-mail address or a chat webhook so alerts reach someone.</p>}
          <ul className="divide-y divide-slate-100 text-sm">
            {channels.data?.map((c) => (
              <li key={c.id} className="flex items-center justify-between py-1.5">
                <span>
                  {c.name} <span className="text-xs text-slate-500">({c.kind === "email" ? "e-mail" : c.kind === "slack" ? "Slack-compatible chat" : "signed webhook"})</span>
                </span>
                {isAdmin && (
                  <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700" onClick={() => delChannel.mutate({ id: c.id })} aria-label={`Remove channel ${c.name}`}>
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
          {isAdmin && (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                addChannel.mutate(kind === "email" ? { name, kind, to: target.split(/[,;\s]+/).filter(Boolean) } : { name, kind, url: target });
              }}
            >
              <label className="label">
                Kind
                <select className="input mt-1" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
                  <option value="email">E-mail (uses the default SMTP credential)</option>
                  <option value="slack">Slack-compatible webhook</option>
                  <option value="webhook">Signed webhook</option>
                </select>
              </label>
              <label className="label">
                Name
                <input className="input mt-1" value={name} onChange={(e) => setName(e.target.value)} required placeholder="Ops team" />
              </label>
              <label className="label flex-1">
                {kind === "email" ? "Recipients" : "Webhook URL"}
                <input className="input mt-1" value={target} onChange={(e) => setTarget(e.target.value)} required placeholder={kind === "email" ? "ops@example.com" : "https://hooks.slack.com/…"} />
              </label>
              <button type="submit" className="btn-secondary" disabled={addChannel.isPending}>
                Add channel
              </button>
            </form>
          )}
          {error && <p role="alert" className="field-error">{error}</p>}
          {secret && (
            <p role="status" className="rounded bg-amber-50 p-2 text-xs text-amber-900">
              Signing secret (shown once — give it to the receiver to verify the webhook-signature header): <code className="break-all">{secret}</code>
            </p>
          )}
        </div>
        <div className="card space-y-3 p-4">
          <h3 className="text-sm font-semibold text-slate-700">When to alert</h3>
          {rules.data?.length === 0 && <p className="text-sm text-slate-600">No rule yet. A good start: “Any failed run” for all workflows, sent to your team.</p>}
          <ul className="divide-y divide-slate-100 text-sm">
            {rules.data?.map((r) => (
              <li key={r.id} className="flex items-center justify-between py-1.5">
                <span>
                  <strong className="font-medium">{r.name}</strong> — {RULE_LABEL[r.kind]}, {r.workflowName ? `“${r.workflowName}”` : "all workflows"}
                  {!r.enabled && " (paused)"}
                  {r.channelIds.length === 0 && <span className="text-xs text-amber-700"> · no channel: recorded in the history only</span>}
                </span>
                {isAdmin && (
                  <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700" onClick={() => delRule.mutate({ id: r.id })} aria-label={`Remove rule ${r.name}`}>
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
          {isAdmin && <RuleForm channels={channels.data ?? []} onSaved={refresh} />}
        </div>
      </div>
      <div className="card p-4">
        <h3 className="mb-2 text-sm font-semibold text-slate-700">Alert history</h3>
        {incidents.data?.length === 0 ? (
          <p className="text-sm text-slate-600">No alert has fired. Incidents appear here with every notification sent.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm">
            {incidents.data?.map((i) => (
              <li key={i.id} className="py-2">
                <span className={`mr-2 rounded-full px-2 py-0.5 text-xs font-medium ${i.status === "open" ? "bg-red-100 text-red-800" : "bg-green-100 text-green-800"}`}>{i.status === "open" ? "Open" : "Resolved"}</span>
                <strong className="font-medium">{i.subjectLabel}</strong> · {i.ruleName} · {i.summary}
                <p className="text-xs text-slate-500">
                  opened {relativeTime(i.openedAt)}
                  {i.resolvedAt ? `, resolved ${relativeTime(i.resolvedAt)}` : ""} · groups {i.count} · {i.notifications.map((n) => `${n.event} → ${n.channelName}: ${n.status}${n.error ? ` (${n.error})` : ""}`).join("; ") || "no notification"}
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
