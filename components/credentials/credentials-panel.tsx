"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { typeDef } from "./credential-fields";
import { CreateCredentialDialog, EditCredentialDialog, ReplaceSecretDialog } from "./credential-form";

type Details = inferRouterOutputs<AppRouter>["credential"]["details"][number];

function StatusBadge({ status }: { status: string }) {
  return status === "ok" ? (
    <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800">Ready</span>
  ) : (
    <span className="rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium text-amber-800">Needs reconnect</span>
  );
}

function Usage({ id }: { id: string }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.credential.usage.queryOptions({ id }));
  if (!usage.data) return <p className="text-sm text-slate-500">Checking which workflows use it…</p>;
  if (!usage.data.length) return <p className="text-sm text-slate-500">Not used by any workflow.</p>;
  return (
    <p className="text-sm text-slate-700">
      Used by{" "}
      {usage.data.map((u, i) => (
        <span key={u.workflowId}>
          {i > 0 && ", "}
          <a className="text-brand-700 underline" href={`/workflows/${u.workflowId}`}>{u.name}</a>
          {u.in.length === 1 && <span className="text-slate-500"> ({u.in[0]})</span>}
        </span>
      ))}
    </p>
  );
}

function CredentialCard({ c, onEdit, onReplace }: { c: Details; onEdit: () => void; onReplace: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries(trpc.credential.pathFilter());
  const test = useMutation(trpc.credential.test.mutationOptions({ onSettled: refresh }));
  const del = useMutation(trpc.credential.delete.mutationOptions({ onSuccess: refresh }));
  const start = useMutation(trpc.credential.oauthStart.mutationOptions({ onSuccess: ({ url }) => window.location.assign(url) }));
  const connect = useMutation(trpc.credential.oauthConnect.mutationOptions({ onSettled: refresh }));
  const def = typeDef(c.type);
  const settings = def.settings.filter((f) => c.settings[f.key] !== undefined && c.settings[f.key] !== "");
  const error = test.error ?? del.error ?? start.error ?? connect.error;
  const grant = c.settings.grant;
  return (
    <li className="card p-5" aria-label={`Credential ${c.name}`}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold text-slate-900">
            {c.name} {c.isDefault && <span className="ml-1 rounded bg-brand-50 px-1.5 py-0.5 text-xs font-medium text-brand-700">Default</span>}
          </h2>
          <p className="text-sm text-slate-500">{def.label}</p>
        </div>
        <StatusBadge status={c.status} />
      </div>
      {c.statusReason && <p className="mt-2 text-sm text-amber-800">{c.statusReason}</p>}
      <dl className="mt-3 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {settings.map((f) => (
          <div key={f.key} className="contents">
            <dt className="text-slate-500">{f.label}</dt>
            <dd className="break-all text-slate-900">{typeof c.settings[f.key] === "boolean" ? (c.settings[f.key] ? "Yes" : "No") : f.options?.find((o) => o.value === c.settings[f.key])?.label ?? String(c.settings[f.key])}</dd>
          </div>
        ))}
        {c.secret.fields.map((f) => (
          <div key={f.name} className="contents">
            <dt className="text-slate-500">{def.secrets.find((s) => s.key === f.name)?.label ?? f.name}</dt>
            <dd className="font-mono text-slate-900" aria-label={`${f.name} is ${f.set ? "set (hidden)" : "not set"}`}>{f.set ? f.masked : <span className="font-sans text-slate-500">not set</span>}</dd>
          </div>
        ))}
        {c.secret.oauth && (
          <div className="contents">
            <dt className="text-slate-500">Connection</dt>
            <dd className="text-slate-900">{c.secret.oauth.connected ? `Connected${c.secret.oauth.expiresAt ? `, token valid until ${new Date(c.secret.oauth.expiresAt).toLocaleString()}` : ""}` : "Not connected yet"}</dd>
          </div>
        )}
      </dl>
      <div className="mt-3"><Usage id={c.id} /></div>
      {(test.data ?? c.lastTest) && (
        <p role="status" className={`mt-2 text-sm ${(test.data ?? c.lastTest)!.ok ? "text-emerald-800" : "text-red-700"}`}>
          {(test.data ?? c.lastTest)!.ok ? "✓ " : "✗ "}
          {(test.data ?? c.lastTest)!.message}
        </p>
      )}
      {error && <p role="alert" className="field-error">{errorDetails(error).message}</p>}
      <div className="mt-4 flex flex-wrap gap-2">
        <button type="button" className="btn-secondary" disabled={test.isPending} onClick={() => test.mutate({ id: c.id })}>{test.isPending ? "Testing…" : "Test connection"}</button>
        {c.type === "oauth2" && (
          <button type="button" className="btn-secondary" onClick={() => (grant === "client_credentials" ? connect.mutate({ id: c.id }) : start.mutate({ id: c.id, origin: window.location.origin }))}>
            {c.secret.oauth?.connected ? "Reconnect" : "Connect"}
          </button>
        )}
        <button type="button" className="btn-secondary" onClick={onEdit}>Edit</button>
        <button type="button" className="btn-secondary" onClick={onReplace}>Replace secret</button>
        <button
          type="button"
          className="btn-danger"
          onClick={() => {
            if (window.confirm(`Delete the credential "${c.name}"? Workflows that use it will fail.`)) del.mutate({ id: c.id, force: true });
          }}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

export function CredentialsPanel({ isAdmin, notice }: { isAdmin: boolean; notice?: { ok: boolean; text: string } }) {
  const trpc = useTRPC();
  const details = useQuery({ ...trpc.credential.details.queryOptions(), enabled: isAdmin });
  const summary = useQuery({ ...trpc.credential.list.queryOptions(), enabled: !isAdmin });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Details | null>(null);
  const [replacing, setReplacing] = useState<Details | null>(null);

  return (
    <div className="max-w-4xl space-y-4 p-8">
      {notice && <p role="status" className={`rounded-md border p-3 text-sm ${notice.ok ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-800"}`}>{notice.text}</p>}
      {isAdmin ? (
        <>
          <div className="flex justify-end">
            <button type="button" className="btn-primary" onClick={() => setAdding(true)}>+ Add credential</button>
          </div>
          {details.data?.length === 0 && (
            <div className="card p-6 text-sm text-slate-600">No credentials yet. Add the API keys, passwords and accounts your workflows use; they are stored encrypted.</div>
          )}
          <ul className="space-y-4">
            {details.data?.map((c) => <CredentialCard key={c.id} c={c} onEdit={() => setEditing(c)} onReplace={() => setReplacing(c)} />)}
          </ul>
          <CreateCredentialDialog open={adding} onClose={() => setAdding(false)} />
          <EditCredentialDialog credential={editing} onClose={() => setEditing(null)} />
          <ReplaceSecretDialog credential={replacing} onClose={() => setReplacing(null)} />
        </>
      ) : (
        <>
          <p className="text-sm text-slate-600">You can use these credentials in workflows. Only admins can see their settings or change them.</p>
          <ul className="card divide-y divide-slate-100">
            {summary.data?.map((c) => (
              <li key={c.id} className="flex items-center justify-between px-5 py-3 text-sm">
                <span><span className="font-medium text-slate-900">{c.name}</span> <span className="text-slate-500">· {typeDef(c.type).label}</span></span>
                <StatusBadge status={c.status} />
              </li>
            ))}
            {summary.data?.length === 0 && <li className="px-5 py-3 text-sm text-slate-500">No credentials yet.</li>}
          </ul>
        </>
      )}
    </div>
  );
}
