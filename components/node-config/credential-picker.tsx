"use client";
// Picks a credential of the workspace for a node (names and types only: secrets never reach the
// browser). The node stores the credential's id, so renaming a credential never breaks a flow.
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { FieldProps } from "./field-control";

const TYPE_LABEL: Record<string, string> = { api_key: "API key", bearer: "Bearer token", basic: "User and password", hmac: "Signing secret", smtp: "E-mail (SMTP)", oauth2: "OAuth2" };

export function CredentialPicker({ field, id, path, value, onChange, errors, readOnly }: FieldProps) {
  const trpc = useTRPC();
  const list = useQuery(trpc.credential.list.queryOptions());
  const error = errors[path];
  const fits = (list.data ?? []).filter((c) => !field.credentialTypes || field.credentialTypes.includes(c.type));
  const current = String(value ?? "");
  const missing = current !== "" && list.isSuccess && !fits.some((c) => c.id === current);
  const describedBy = error ? `${id}-error` : `${id}-help`;
  return (
    <div>
      <label htmlFor={id} className="label">
        {field.label}
      </label>
      <select id={id} className="input" value={current} disabled={readOnly} onChange={(e) => onChange(e.target.value)} aria-invalid={error || missing ? true : undefined} aria-describedby={describedBy}>
        <option value="">{list.isLoading ? "Loading…" : "None"}</option>
        {missing && <option value={current}>A credential that no longer exists</option>}
        {fits.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name} · {TYPE_LABEL[c.type] ?? c.type}
            {c.isDefault ? " (default)" : ""}
            {c.status === "needs_reconnect" ? " — needs reconnecting" : ""}
          </option>
        ))}
      </select>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : (
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
          {missing ? "Pick another credential: this one was deleted. " : ""}
          {field.help} Add or change credentials on the{" "}
          <Link href="/credentials" className="underline">
            Credentials
          </Link>{" "}
          page.
        </p>
      )}
    </div>
  );
}
