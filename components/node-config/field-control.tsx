"use client";
// Renders one form field by its descriptor's kind. Lists, conditions and key-value maps recurse
// into this component for their rows, so every widget works the same at any depth.
import { TemplateInput } from "./template-input";
import { ListField } from "./list-field";
import { ConditionsField } from "./conditions-field";
import { JsonField } from "./json-field";
import { KeyValueRecordField } from "./key-value-field";
import { WorkflowPicker } from "./workflow-picker";
import { CredentialPicker } from "./credential-picker";
import type { FieldDescriptor } from "./schema-form";

export interface FieldProps {
  field: FieldDescriptor;
  /** Input id, unique in the page. */
  id: string;
  /** Path inside the config ("fields[0].value"), the key of `errors`. */
  path: string;
  value: unknown;
  onChange(value: unknown): void;
  errors: Record<string, string>;
  readOnly?: boolean;
  /** Rows label their inputs "Field 1", "Value 1" instead of showing a label above each. */
  compactLabel?: string;
}

export function fieldId(base: string, path: string): string {
  return `${base}-${path.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

export function FieldControl(props: FieldProps) {
  const { field, id, path, value, onChange, errors, readOnly, compactLabel } = props;
  const error = errors[path];
  const label = compactLabel ?? field.label;
  const hideLabel = compactLabel !== undefined;
  const labelEl = !hideLabel && (
    <label htmlFor={id} className="label">
      {field.label}
    </label>
  );
  const describedBy = error ? `${id}-error` : field.help ? `${id}-help` : undefined;
  const errorEl = error && (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  );
  const helpEl = field.help && !error && !hideLabel && (
    <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
      {field.help}
    </p>
  );
  const aria = { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy, ...(hideLabel ? { "aria-label": label } : {}) };

  switch (field.kind) {
    case "template":
    case "expression":
    case "datetime":
      return (
        <TemplateInput
          id={id}
          label={label}
          hideLabel={hideLabel}
          value={typeof value === "string" ? value : value === undefined ? "" : String(value)}
          onChange={onChange}
          mode={field.kind === "expression" ? "expression" : "template"}
          multiline={field.multiline}
          placeholder={field.placeholder ?? (field.kind === "datetime" ? "2026-01-31T09:00:00Z or {{ trigger.sendAt }}" : undefined)}
          help={hideLabel ? undefined : field.help}
          error={error}
          readOnly={readOnly}
        />
      );
    case "switch":
      return (
        <div>
          <label className="flex items-center gap-2 text-sm font-medium text-slate-700">
            <input type="checkbox" id={id} className="h-4 w-4 rounded border-slate-300" checked={value === true || (value === undefined && field.default === true)} disabled={readOnly} onChange={(e) => onChange(e.target.checked)} {...aria} />
            {field.label}
          </label>
          {helpEl}
          {errorEl}
        </div>
      );
    case "select":
      return (
        <div>
          {labelEl}
          <select id={id} className="input" value={String(value ?? field.default ?? "")} disabled={readOnly} onChange={(e) => onChange(e.target.value)} {...aria}>
            {!field.required && field.default === undefined && <option value="">—</option>}
            {(field.options ?? []).map((o) => (
              <option key={o} value={o}>
                {o.charAt(0).toUpperCase() + o.slice(1)}
              </option>
            ))}
          </select>
          {helpEl}
          {errorEl}
        </div>
      );
    case "number":
      return (
        <div>
          {labelEl}
          <input
            id={id}
            type="number"
            className="input"
            value={typeof value === "number" ? value : ""}
            min={field.min}
            max={field.max}
            step={field.integer ? 1 : "any"}
            readOnly={readOnly}
            placeholder={field.default !== undefined ? String(field.default) : undefined}
            onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
            {...aria}
          />
          {helpEl}
          {errorEl}
        </div>
      );
    case "textarea":
    case "text":
      return (
        <div>
          {labelEl}
          {field.kind === "textarea" ? (
            <textarea id={id} rows={4} className="input" value={String(value ?? "")} readOnly={readOnly} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value)} {...aria} />
          ) : (
            <input id={id} type="text" className="input" value={value === undefined || value === null ? "" : String(value)} readOnly={readOnly} placeholder={field.placeholder} onChange={(e) => onChange(e.target.value === "" && !field.required ? undefined : e.target.value)} {...aria} />
          )}
          {helpEl}
          {errorEl}
        </div>
      );
    case "conditions":
      return <ConditionsField {...props} />;
    case "mappings":
    case "routes":
    case "list":
      return <ListField {...props} />;
    case "keyvalue":
      return field.itemFields ? <ListField {...props} /> : <KeyValueRecordField {...props} />;
    case "workflow":
      return <WorkflowPicker {...props} />;
    case "credential":
      return <CredentialPicker {...props} />;
    case "json":
      return <JsonField {...props} />;
    default:
      return (
        <div>
          {labelEl}
          <p className="text-sm text-slate-500">This setting cannot be edited here yet.</p>
        </div>
      );
  }
}
