"use client";
import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";

const roles = [
  { value: "viewer", label: "Viewer", help: "sees workflows and runs" },
  { value: "editor", label: "Editor", help: "builds and runs workflows" },
  { value: "admin", label: "Admin", help: "also manages members and credentials" },
  { value: "owner", label: "Owner", help: "full control" },
] as const;
type RoleValue = (typeof roles)[number]["value"];

export function MembersPanel({ myRole, myUserId }: { myRole: RoleValue; myUserId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const canManage = myRole === "owner" || myRole === "admin";
  const members = useQuery(trpc.workspace.members.queryOptions());
  const invites = useQuery({ ...trpc.workspace.invites.queryOptions(), enabled: canManage });
  const refresh = () => qc.invalidateQueries(trpc.workspace.pathFilter());
  const [inviteRole, setInviteRole] = useState<RoleValue>("editor");
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const changeRole = useMutation(trpc.workspace.changeRole.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.workspace.removeMember.mutationOptions({ onSettled: refresh }));
  const revoke = useMutation(trpc.workspace.revokeInvite.mutationOptions({ onSettled: refresh }));
  const invite = useMutation(
    trpc.workspace.createInvite.mutationOptions({
      onSuccess: (inv) => {
        setLink(`${window.location.origin}/invite/${inv.token}`);
        setCopied(false);
        void refresh();
      },
    }),
  );
  const grantable = roles.filter((r) => r.value !== "owner" || myRole === "owner");
  const error = changeRole.error ?? remove.error ?? invite.error ?? revoke.error;

  return (
    <div className="space-y-8">
      <section aria-labelledby="members-h" className="card p-6">
        <h2 id="members-h" className="text-lg font-semibold text-slate-900">
          Members
        </h2>
        {error && (
          <p role="alert" className="field-error">
            {errorDetails(error).message}
          </p>
        )}
        <table className="mt-4 w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className="py-2 font-medium">Name</th>
              <th scope="col" className="py-2 font-medium">Role</th>
              <th scope="col" className="py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {(members.data ?? []).map((m) => (
              <tr key={m.userId} className="border-t border-slate-100">
                <td className="py-2">
                  <span className="font-medium text-slate-900">{m.name}</span> <span className="text-slate-500">{m.email}</span>
                </td>
                <td className="py-2">
                  {canManage && m.userId !== myUserId ? (
                    <select
                      aria-label={`Role of ${m.name}`}
                      className="input w-40"
                      value={m.role}
                      onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as RoleValue })}
                    >
                      {roles.map((r) => (
                        <option key={r.value} value={r.value} disabled={r.value === "owner" && myRole !== "owner"}>
                          {r.label}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className="capitalize">{m.role}</span>
                  )}
                </td>
                <td className="py-2 text-right">
                  {canManage && m.userId !== myUserId && (
                    <button type="button" className="btn-ghost px-2 py-1 text-red-700" onClick={() => remove.mutate({ userId: m.userId })}>
                      Remove
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {canManage && (
        <section aria-labelledby="invite-h" className="card p-6">
          <h2 id="invite-h" className="text-lg font-semibold text-slate-900">
            Invite someone
          </h2>
          <p className="mt-1 text-sm text-slate-600">Create a link and send it to your colleague. It works once and expires in 7 days.</p>
          <div className="mt-4 flex flex-wrap items-end gap-3">
            <div>
              <label htmlFor="invite-role" className="label">
                Their role
              </label>
              <select id="invite-role" className="input w-96" value={inviteRole} onChange={(e) => setInviteRole(e.target.value as RoleValue)}>
                {grantable.map((r) => (
                  <option key={r.value} value={r.value}>
                    {r.label} — {r.help}
                  </option>
                ))}
              </select>
            </div>
            <button type="button" className="btn-primary" disabled={invite.isPending} onClick={() => invite.mutate({ role: inviteRole })}>
              Create invite link
            </button>
          </div>
          {link && (
            <div className="mt-4 rounded-md border border-emerald-200 bg-emerald-50 p-3">
              <label htmlFor="invite-link" className="label">
                Invite link (shown only now — copy it)
              </label>
              <div className="flex gap-2">
                <input id="invite-link" className="input font-mono text-xs" readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
                <button type="button" className="btn-secondary" onClick={() => navigator.clipboard?.writeText(link).then(() => setCopied(true))}>
                  {copied ? "Copied" : "Copy"}
                </button>
              </div>
            </div>
          )}
          {(invites.data?.length ?? 0) > 0 && (
            <ul className="mt-4 space-y-1 text-sm text-slate-700">
              {invites.data!.map((i) => (
                <li key={i.id} className="flex items-center justify-between">
                  <span>
                    Open link for a <strong>{i.role}</strong>, expires {i.expiresAt.toLocaleDateString()}
                  </span>
                  <button type="button" className="btn-ghost px-2 py-1" onClick={() => revoke.mutate({ id: i.id })}>
                    Withdraw
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
