"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { FIELD_TYPE_LABELS, FIELD_TYPES, type FieldType } from "@/server/data/field-types";
import { keyFromLabel } from "./format";

type Draft = { label: string; type: FieldType; required: boolean; isKey: boolean; options: string };

const blank = (): Draft => ({ label: "", type: "text", required: false, isKey: false, options: "" });
const needsOptions = (t: FieldType) => t === "single_select" || t === "multi_select";

/** Name the table and its first fields; more can be added later in the field editor. */
export function NewTableDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: (id: string) => void }) {
  const trpc = useTRPC();
  const [name, setName] = useState("");
  const [fields, setFields] = useState<Draft[]>([blank()]);
  const create = useMutation(trpc.data.create.mutationOptions({ onSuccess: (t) => onCreated(t.id) }));
  const err = create.error ? errorDetails(create.error) : null;
  const set = (i: number, patch: Partial<Draft>) => setFields((fs) => fs.map((f, j) => (j === i ? { ...f, ...patch } : f)));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const taken = new Set<string>();
    const defs = fields
      .filter((f) => f.label.trim())
      .map((f) => {
        const key = keyFromLabel(f.label, taken);
        taken.add(key);
        const options = f.options.split(",").map((o) => o.trim()).filter(Boolean);
        return { key, label: f.label.trim(), type: f.type, required: f.required, ...(needsOptions(f.type) ? { options } : {}), ...(f.isKey ? { indexed: true } : {}), isKey: f.isKey };
      });
    const uniqueKey = defs.filter((d) => d.isKey).map((d) => d.key);
    create.mutate({ name, fields: defs.map(({ isKey: _k, ...d }) => d), ...(uniqueKey.length ? { uniqueKey } : {}) });
  }

  return (
    <Dialog open={open} onClose={onClose} title="New table">
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field id="table-name" label="Table name" value={name} onChange={(e) => setName(e.target.value)} error={err?.fields.name} placeholder="e.g. Leads" autoFocus />
        <fieldset>
          <legend className="label">Fields</legend>
          <p className="mb-2 text-xs text-slate-500">Tick “Identifies the record” on the field that makes a record unique (for example E-mail): records with the same value are treated as one.</p>
          <ol className="space-y-3">
            {fields.map((f, i) => (
              <li key={i} className="rounded border border-slate-200 p-3">
                <div className="flex gap-2">
                  <div className="flex-1">
                    <label htmlFor={`nf-label-${i}`} className="label">
                      Field {i + 1} name
                    </label>
                    <input id={`nf-label-${i}`} className="input" value={f.label} onChange={(e) => set(i, { label: e.target.value })} aria-invalid={err?.fields[`fields.${i}.label`] ? true : undefined} />
                  </div>
                  <div>
                    <label htmlFor={`nf-type-${i}`} className="label">
                      Field {i + 1} type
                    </label>
                    <select id={`nf-type-${i}`} className="input" value={f.type} onChange={(e) => set(i, { type: e.target.value as FieldType })}>
                      {FIELD_TYPES.map((t) => (
                        <option key={t} value={t}>
                          {FIELD_TYPE_LABELS[t]}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                {needsOptions(f.type) && (
                  <div className="mt-2">
                    <label htmlFor={`nf-options-${i}`} className="label">
                      Choices (separated by commas)
                    </label>
                    <input id={`nf-options-${i}`} className="input" value={f.options} onChange={(e) => set(i, { options: e.target.value })} />
                  </div>
                )}
                <div className="mt-2 flex flex-wrap gap-4 text-sm">
                  <label className="flex items-center gap-2">
                    <input type="checkbox" checked={f.required} onChange={(e) => set(i, { required: e.target.checked })} /> Required
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="checkbox" checked={f.isKey} onChange={(e) => set(i, { isKey: e.target.checked })} /> Identifies the record
                  </label>
                  {fields.length > 1 && (
                    <button type="button" className="btn-ghost ml-auto text-xs" onClick={() => setFields((fs) => fs.filter((_, j) => j !== i))} aria-label={`Remove field ${i + 1}`}>
                      Remove
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ol>
          <button type="button" className="btn-secondary mt-3" onClick={() => setFields((fs) => [...fs, blank()])}>
            + Add field
          </button>
        </fieldset>
        {err && (
          <p role="alert" className="field-error">
            {err.message}
          </p>
        )}
        <div className="flex justify-end gap-2">
          <button type="button" className="btn-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn-primary" disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create table"}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
