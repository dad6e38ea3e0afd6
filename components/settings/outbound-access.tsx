"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";

/**
 * Admins: the hosts, IPs and CIDR ranges outbound calls may reach although they are private
 * (SSRF guard exceptions), and the circuit breaker state per host.
 */
export function OutboundAccess() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const settings = useQuery(trpc.credential.outbound.queryOptions());
  const breakers = useQuery(trpc.credential.breakers.queryOptions());
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation(
    trpc.credential.setOutboundAllowList.mutationOptions({
      onSuccess: (s) => {
        setDraft(s.allowList.join("\n"));
        setSaved(true);
        void qc.invalidateQueries(trpc.credential.outbound.queryFilter());
      },
    }),
  );
  const text = draft ?? settings.data?.allowList.join("\n") ?? "";
  const err = save.error ? errorDetails(save.error) : null;
  const lines = text.split("\n");

  return (
    <section aria-labelledby="outbound-h" className="card p-6">
      <h2 id="outbound-h" className="text-lg font-semibold text-slate-900">Outbound access</h2>
      <p className="mt-1 text-sm text-slate-600">
        Workflows may not call private, local or cloud-metadata addresses. List here the internal services they may reach anyway
        (your ERP, a local mail relay): one host name (<code>erp.corp.example</code>, <code>*.corp.example</code>), IP address or CIDR range
        (<code>10.1.0.0/16</code>) per line.
      </p>
      <form
        className="mt-4"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          save.mutate({ allowList: lines.map((l) => l.trim()).filter(Boolean) });
        }}
      >
        <label htmlFor="allow-list" className="label">Allowed hosts and networks</label>
        <textarea
          id="allow-list"
          className="input min-h-28 font-mono"
          value={text}
          aria-invalid={err ? true : undefined}
          aria-describedby={err ? "allow-list-error" : undefined}
          onChange={(e) => {
            setDraft(e.target.value);
            setSaved(false);
          }}
          placeholder={"erp.corp.example\n10.1.0.0/16"}
        />
        {err && (
          <p id="allow-list-error" role="alert" className="field-error">
            {err.message}
          </p>
        )}
        <div className="mt-3 flex items-center gap-3">
          <button type="submit" className="btn-primary" disabled={save.isPending}>Save outbound access</button>
          {saved && <span role="status" className="text-sm text-emerald-800">Saved.</span>}
        </div>
      </form>
      <h3 className="mt-6 text-sm font-semibold text-slate-900">Hosts with trouble</h3>
      {breakers.data?.length ? (
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr><th scope="col" className="py-1 font-medium">Host</th><th scope="col" className="py-1 font-medium">Circuit</th><th scope="col" className="py-1 font-medium">Last failure</th></tr>
          </thead>
          <tbody>
            {breakers.data.map((b) => (
              <tr key={b.host} className="border-t border-slate-100">
                <td className="py-1 font-mono">{b.host}</td>
                <td className="py-1">
                  {b.snapshot.state === "closed" ? "Working" : b.snapshot.state === "open" ? `Paused until ${new Date(b.snapshot.probeAt ?? 0).toLocaleTimeString()}` : "Trying again"}
                  {b.snapshot.consecutiveFailures > 0 && b.snapshot.state === "closed" && ` (${b.snapshot.consecutiveFailures} failure(s) in a row)`}
                </td>
                <td className="py-1 text-slate-600">{b.snapshot.lastFailure ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="mt-1 text-sm text-slate-500">No host has failed recently. After 5 failures in a row, calls to a host pause for 30 seconds, then one trial call is made.</p>
      )}
    </section>
  );
}
