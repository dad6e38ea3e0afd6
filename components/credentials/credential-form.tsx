"use client";
import { useState, type FormEvent } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CredentialType } from "@/db/schema";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { CREDENTIAL_TYPES, initialSettings, typeDef, visible, type FieldDef } from "./credential-fields";

type Values = Record<string, unknown>;

/** Inputs for a list of fields; `prefix` ties server field errors ("settings.host") to inputs. */
function Fields({ defs, values, onChange, errors, prefix, secret }: { defs: FieldDef[]; values: Values; onChange: (v: Values) => void; errors: Record<string, string>; prefix: string; secret?: boolean }) {
  return (
    <>
      {defs.filter((f) => visible(f, values)).map((f) => {
        const id = `${prefix}-${f.key}`;
        const error = errors[`${prefix}.${f.key}`];
        const set = (v: unknown) => onChange({ ...values, [f.key]: v });
        if (f.kind === "select") {
          return (
            <div key={f.key}>
              <label htmlFor={id} className="label">{f.label}</label>
              <select id={id} className="input" value={String(values[f.key] ?? "")} onChange={(e) => set(e.target.value)}>
                {f.options!.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
              </select>
            </div>
          );
        }
        if (f.kind === "switch") {
          return (
            <label key={f.key} className="flex items-center gap-2 text-sm text-slate-700">
              <input id={id} type="checkbox" checked={!!values[f.key]} onChange={(e) => set(e.target.checked)} /> {f.label}
            </label>
          );
        }
        return (
          <Field
            key={f.key}
            id={id}
            label={f.label}
            type={secret ? "password" : f.kind === "number" ? "number" : f.kind === "url" ? "url" : "text"}
            autoComplete={secret ? "new-password" : "off"}
            placeholder={f.placeholder}
            help={f.help}
            error={error}
            value={String(values[f.key] ?? "")}
            onChange={(e) => set(f.kind === "number" ? Number(e.target.value) : e.target.value)}
          />
        );
      })}
    </>
  );
}

function useRefresh() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  return () => qc.invalidateQueries(trpc.credential.pathFilter());
}

export function CreateCredentialDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [type, setType] = useState<CredentialType>("api_key");
  const [name, setName] = useState("");
  const [settings, setSettings] = useState<Values>(initialSettings("api_key"));
  const [secret, setSecret] = useState<Values>({});
  const [isDefault, setIsDefault] = useState(false);
  const create = useMutation(trpc.credential.create.mutationOptions({ onSuccess: () => { void refresh(); close(); } }));
  const errs = create.error ? errorDetails(create.error) : { message: "", fields: {} as Record<string, string> };
  function close() {
    setName("");
    setSecret({});
    create.reset();
    onClose();
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    const filled = Object.fromEntries(Object.entries(secret).filter(([, v]) => v !== "")) as Record<string, string>;
    create.mutate({ name, type, settings, secret: filled, isDefault: type === "smtp" ? isDefault : undefined });
  }
  const def = typeDef(type);
  return (
    <Dialog open={open} onClose={close} title="Add a credential">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <div>
          <label htmlFor="cred-type" className="label">Type</label>
          <select id="cred-type" className="input" value={type} onChange={(e) => { const t = e.target.value as CredentialType; setType(t); setSettings(initialSettings(t)); setSecret({}); }}>
            {CREDENTIAL_TYPES.map((d) => <option key={d.type} value={d.type}>{d.label}</option>)}
          </select>
          <p className="mt-1 text-sm text-slate-500">{def.description}</p>
        </div>
        <Field id="cred-name" label="Name" value={name} onChange={(e) => setName(e.target.value)} error={errs.fields.name} placeholder="e.g. CRM API" />
        <Fields defs={def.settings} values={settings} onChange={setSettings} errors={errs.fields} prefix="settings" />
        <Fields defs={def.secrets} values={secret} onChange={setSecret} errors={errs.fields} prefix="secret" secret />
        {type === "smtp" && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} /> Workspace default for Send e-mail
          </label>
        )}
        <p className="text-xs text-slate-500">Secrets are encrypted and never shown again; you can replace them later.</p>
        {create.error && !Object.keys(errs.fields).length && <p role="alert" className="field-error">{errs.message}</p>}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={close}>Cancel</button>
          <button type="submit" className="btn-primary" disabled={create.isPending}>Save credential</button>
        </div>
      </form>
    </Dialog>
  );
}

export interface EditableCredential {
  id: string;
  name: string;
  type: CredentialType;
  settings: Values;
  isDefault: boolean;
}

export function EditCredentialDialog({ credential, onClose }: { credential: EditableCredential | null; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [state, setState] = useState<{ id: string; name: string; settings: Values; isDefault: boolean } | null>(null);
  if (credential && state?.id !== credential.id) setState({ id: credential.id, name: credential.name, settings: { ...initialSettings(credential.type), ...credential.settings }, isDefault: credential.isDefault });
  const update = useMutation(trpc.credential.update.mutationOptions({ onSuccess: () => { void refresh(); close(); } }));
  const errs = update.error ? errorDetails(update.error) : { message: "", fields: {} as Record<string, string> };
  function close() {
    setState(null);
    update.reset();
    onClose();
  }
  if (!credential || !state) return <Dialog open={false} onClose={close} title="Edit credential">{null}</Dialog>;
  return (
    <Dialog open onClose={close} title={`Edit ${credential.name}`}>
      <form onSubmit={(e) => { e.preventDefault(); update.mutate({ id: credential.id, name: state.name, settings: state.settings, isDefault: credential.type === "smtp" ? state.isDefault : undefined }); }} className="space-y-4" noValidate>
        <Field id="edit-name" label="Name" value={state.name} onChange={(e) => setState({ ...state, name: e.target.value })} error={errs.fields.name} />
        <Fields defs={typeDef(credential.type).settings} values={state.settings} onChange={(settings) => setState({ ...state, settings })} errors={errs.fields} prefix="settings" />
        {credential.type === "smtp" && (
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input type="checkbox" checked={state.isDefault} onChange={(e) => setState({ ...state, isDefault: e.target.checked })} /> Workspace default for Send e-mail
          </label>
        )}
        {update.error && !Object.keys(errs.fields).length && <p role="alert" className="field-error">{errs.message}</p>}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-secondary" onClick={close}>Cancel</button>
          <button type="submit" className="btn-primary" disabled={update.isPending}>Save changes</button>
        </div>
      </form>
    </Dialog>
  );
}

export function ReplaceSecretDialog({ credential, onClose }: { credential: { id: string; name: string; type: CredentialType } | null; onClose: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const [secret, setSecret] = useState<Values>({});
  const replace = useMutation(trpc.credential.replaceSecret.mutationOptions({ onSuccess: () => { void refresh(); close(); } }));
  const errs = replace.error ? errorDetails(replace.error) : { message: "", fields: {} as Record<string, string> };
  function close() {
    setSecret({});
    replace.reset();
    onClose();
  }
  return (
    <Dialog open={!!credential} onClose={close} title={credential ? `Replace the secret of ${credential.name}` : "Replace secret"}>
      {credential && (
        <form onSubmit={(e) => { e.preventDefault(); replace.mutate({ id: credential.id, secret: Object.fromEntries(Object.entries(secret).filter(([, v]) => v !== "")) as Record<string, string> }); }} className="space-y-4" noValidate>
          <p className="text-sm text-slate-600">The current value stays hidden. Enter the new one; it replaces the old one at once.</p>
          <Fields defs={typeDef(credential.type).secrets} values={secret} onChange={setSecret} errors={errs.fields} prefix="secret" secret />
          {replace.error && !Object.keys(errs.fields).length && <p role="alert" className="field-error">{errs.message}</p>}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={close}>Cancel</button>
            <button type="submit" className="btn-primary" disabled={replace.isPending}>Replace secret</button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
