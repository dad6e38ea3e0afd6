"use client";
// Picks another workflow of this workspace (Call workflow).
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { FieldProps } from "./field-control";

export function WorkflowPicker({ field, id, path, value, onChange, errors, readOnly }: FieldProps) {
  const trpc = useTRPC();
  const list = useQuery(trpc.workflow.list.queryOptions({}));
  const error = errors[path];
  return (
    <div>
      <label htmlFor={id} className="label">
        {field.label}
      </label>
      <select id={id} className="input" value={String(value ?? "")} disabled={readOnly} onChange={(e) => onChange(e.target.value || undefined)} aria-invalid={error ? true : undefined}>
        <option value="">{list.isLoading ? "Loading…" : "Choose a workflow"}</option>
        {(list.data ?? []).map((w) => (
          <option key={w.id} value={w.id}>
            {w.name}
            {w.publishedVersion ? "" : " (not published)"}
          </option>
        ))}
      </select>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
