"use client";
// A string map (z.record) edited as rows of key and value; values are templates.
import { TemplateInput } from "./template-input";
import type { FieldProps } from "./field-control";

export function KeyValueRecordField({ field, id, path, value, onChange, errors, readOnly }: FieldProps) {
  const entries = Object.entries(value && typeof value === "object" ? (value as Record<string, unknown>) : {});
  const write = (next: Array<[string, unknown]>) => onChange(Object.fromEntries(next));
  return (
    <fieldset>
      <legend className="label">{field.label}</legend>
      <ol className="space-y-2">
        {entries.map(([k, v], i) => (
          <li key={i} className="grid grid-cols-[2fr_3fr_auto] items-start gap-2">
            <input className="input" aria-label={`Key ${i + 1}`} value={k} readOnly={readOnly} onChange={(e) => write(entries.map((en, j) => (j === i ? [e.target.value, en[1]] : en)))} />
            <TemplateInput id={`${id}-v${i}`} label={`Value ${i + 1}`} hideLabel mode="template" value={String(v ?? "")} readOnly={readOnly} onChange={(nv) => write(entries.map((en, j) => (j === i ? [en[0], nv] : en)))} />
            {!readOnly && (
              <button type="button" className="btn-ghost px-2 py-1.5" aria-label={`Remove row ${i + 1}`} onClick={() => write(entries.filter((_, j) => j !== i))}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <button type="button" className="btn-secondary mt-2 px-2.5 py-1 text-xs" onClick={() => write([...entries, [`key${entries.length + 1}`, ""]])}>
          + Add row
        </button>
      )}
      {errors[path] && <p className="field-error">{errors[path]}</p>}
    </fieldset>
  );
}
