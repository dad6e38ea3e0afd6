"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { FIELD_TYPE_LABELS, FIELD_TYPES, type FieldDef, type FieldType } from "@/server/data/field-types";
import { keyFromLabel } from "./format";
import type { TableInfo } from "./types";

const needsOptions = (t: FieldType) => t === "single_select" || t === "multi_select";

/**
 * Add, rename, retype and remove fields. The server migrates every record or refuses and lists
 * the records that would break; that list is shown here so the person can fix them first.
 */
export function FieldEditor({ table, onChanged, onClose }: { table: TableInfo; onChanged: () => void; onClose: () => void }) {
  const trpc = useTRPC();
  const [label, setLabel] = useState("");
  const [type, setType] = useState<FieldType>("text");
  const [options, setOptions] = useState("");
  const [required, setRequired] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation(
    trpc.data.changeSchema.mutationOptions({
      onSuccess: (r) => {
        setDone(`Saved. ${r.changedRows} record${r.changedRows === 1 ? "" : "s"} updated.`);
        onChanged();
      },
      onMutate: () => setDone(null),
    }),
  );
  const err = change.error ? errorDetails(change.error) : null;
  const broken = (change.error as { data?: { issues?: { path: string; message: string }[] } } | null)?.data?.issues?.filter((i) => i.path.startsWith("rows.")) ?? [];
  const keys = new Set(table.def.fields.map((f) => f.key));
  const isKey = (f: FieldDef) => table.def.uniqueKey?.includes(f.key) ?? false;

  function retype(f: FieldDef, to: FieldType) {
    const base = { key: f.key, label: f.label, required: f.required, indexed: f.indexed };
    const opts = needsOptions(to) ? { options: "options" in f ? f.options : ["Yes", "No"] } : {};
    change.mutate({ table: table.id, change: { kind: "retype", field: { ...base, type: to, ...opts } } });
  }

  return (
    <section className="card space-y-4 p-5" aria-labelledby="fields-title">
      <div className="flex items-center justify-between">
        <h2 id="fields-title" className="text-lg font-semibold">
          Fields of {table.name}
        </h2>
        <button type="button" className="btn-ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <table className="w-full text-sm">
        <thead>
          <tr className="text-left text-slate-500">
            <th scope="col" className="py-1">Name</th>
            <th scope="col">Type</th>
            <th scope="col">Rules</th>
            <th scope="col"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {table.def.fields.map((f) => (
            <tr key={f.key} className="border-t border-slate-100">
              <td className="py-2">
                <input
                  className="input py-1"
                  aria-label={`Name of field ${f.label}`}
                  defaultValue={f.label}
                  onBlur={(e) => e.target.value.trim() && e.target.value.trim() !== f.label && change.mutate({ table: table.id, change: { kind: "rename", from: f.key, to: f.key, label: e.target.value.trim() } })}
                />
                <span className="text-xs text-slate-400">key: {f.key}</span>
              </td>
              <td>
                <select className="input py-1" aria-label={`Type of field ${f.label}`} value={f.type} onChange={(e) => retype(f, e.target.value as FieldType)}>
                  {FIELD_TYPES.map((t) => (
                    <option key={t} value={t}>
                      {FIELD_TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              </td>
              <td className="text-xs text-slate-600">
                {[isKey(f) && "identifies the record", f.required && "required", f.indexed && "fast sorting"].filter(Boolean).join(", ") || "—"}
              </td>
              <td className="text-right">
                {!isKey(f) && (
                  <button type="button" className="btn-ghost px-2 py-1 text-xs text-red-700" onClick={() => confirm(`Remove the field "${f.label}" and its values from every record?`) && change.mutate({ table: table.id, change: { kind: "remove", key: f.key } })}>
                    Remove<span className="sr-only"> field {f.label}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="flex flex-wrap items-end gap-3 border-t border-slate-200 pt-4"
        aria-label="Add a field"
        onSubmit={(e) => {
          e.preventDefault();
          const opts = options.split(",").map((o) => o.trim()).filter(Boolean);
          change.mutate({ table: table.id, change: { kind: "add", field: { key: keyFromLabel(label, keys), label, type, required, ...(needsOptions(type) ? { options: opts } : {}) } } });
          setLabel("");
          setOptions("");
        }}
      >
        <div>
          <label htmlFor="new-field-label" className="label">New field name</label>
          <input id="new-field-label" className="input" value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div>
          <label htmlFor="new-field-type" className="label">Type</label>
          <select id="new-field-type" className="input" value={type} onChange={(e) => setType(e.target.value as FieldType)}>
            {FIELD_TYPES.map((t) => (
              <option key={t} value={t}>{FIELD_TYPE_LABELS[t]}</option>
            ))}
          </select>
        </div>
        {needsOptions(type) && (
          <div>
            <label htmlFor="new-field-options" className="label">Choices (comma separated)</label>
            <input id="new-field-options" className="input" value={options} onChange={(e) => setOptions(e.target.value)} />
          </div>
        )}
        <label className="flex items-center gap-2 pb-2 text-sm">
          <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} /> Required
        </label>
        <button type="submit" className="btn-primary" disabled={!label.trim() || change.isPending}>Add field</button>
      </form>
      <div aria-live="polite">
        {done && <p className="text-sm text-green-700">{done}</p>}
        {err && (
          <div role="alert" className="text-sm">
            <p className="field-error">{err.message}</p>
            {broken.length > 0 && (
              <ul className="mt-2 max-h-40 list-disc overflow-auto pl-5 text-slate-700">
                {broken.map((b) => <li key={b.path}>{b.message}</li>)}
              </ul>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
