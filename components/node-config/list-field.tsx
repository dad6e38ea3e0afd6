"use client";
// A list of objects (field mappings, Switch routes, headers…): one row per item, each row's
// inputs generated from the item schema, with add and remove buttons.
import { FieldControl, fieldId, type FieldProps } from "./field-control";
import { isVisible, type FieldDescriptor } from "./schema-form";

function blankRow(fields: readonly FieldDescriptor[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.default !== undefined) row[f.key] = structuredClone(f.default);
    else if (f.kind === "text" || f.kind === "template" || f.kind === "expression") row[f.key] = "";
  }
  return row;
}

const ADD_LABEL: Record<string, string> = { mappings: "Add field", routes: "Add route", keyvalue: "Add row" };

export function ListField({ field, id, path, value, onChange, errors, readOnly }: FieldProps) {
  const rows = Array.isArray(value) ? (value as Record<string, unknown>[]) : [];
  const items = field.itemFields ?? [];
  const compact = items.length <= 2;
  const setRow = (i: number, row: Record<string, unknown>) => onChange(rows.map((r, j) => (j === i ? row : r)));
  const listError = errors[path];
  return (
    <fieldset>
      <legend className="label">{field.label}</legend>
      {field.help && <p className="mb-1 text-xs text-slate-500">{field.help}</p>}
      {rows.length === 0 && <p className="text-sm text-slate-500">None yet.</p>}
      {compact && rows.length > 0 && (
        <div className="mb-1 grid grid-cols-[2fr_3fr] gap-2 pr-9 text-xs font-medium text-slate-500" aria-hidden="true">
          {items.map((f) => (
            <span key={f.key}>{f.label}</span>
          ))}
        </div>
      )}
      <ol className="space-y-2">
        {rows.map((row, i) => (
          <li key={i} className={compact ? "flex items-start gap-2" : "rounded-md border border-slate-200 p-2"}>
            <div className={compact ? "grid flex-1 grid-cols-[2fr_3fr] gap-2" : "space-y-2"}>
              {items
                .filter((f) => isVisible(f, row, items))
                .map((f) => {
                  const p = `${path}[${i}].${f.key}`;
                  return (
                    <FieldControl
                      key={f.key}
                      field={f}
                      id={fieldId(id, `${i}-${f.key}`)}
                      path={p}
                      value={row[f.key]}
                      onChange={(v) => setRow(i, { ...row, [f.key]: v })}
                      errors={errors}
                      readOnly={readOnly}
                      compactLabel={compact ? `${f.label} ${i + 1}` : undefined}
                    />
                  );
                })}
            </div>
            {!readOnly && (
              <button type="button" className="btn-ghost px-2 py-1.5 text-slate-500" aria-label={`Remove ${field.label.toLowerCase()} row ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                ✕
              </button>
            )}
          </li>
        ))}
      </ol>
      {!readOnly && (
        <button type="button" className="btn-secondary mt-2 px-2.5 py-1 text-xs" onClick={() => onChange([...rows, blankRow(items)])}>
          + {ADD_LABEL[field.kind] ?? `Add ${field.label.toLowerCase()}`}
        </button>
      )}
      {listError && <p className="field-error">{listError}</p>}
    </fieldset>
  );
}
