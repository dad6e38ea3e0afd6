"use client";
// The generated settings form of one node: every visible field of its schema, with inline
// messages from the schema and from the expression checks.
import { useMemo } from "react";
import type { NodeDefinition } from "@/server/nodes/define-node";
import { FieldControl, fieldId } from "./field-control";
import { describeConfigForm, fieldErrors, isVisible } from "./schema-form";

interface Props {
  nodeId: string;
  def: NodeDefinition;
  config: Record<string, unknown>;
  onChange(config: Record<string, unknown>): void;
  readOnly?: boolean;
}

export function ConfigForm({ nodeId, def, config, onChange, readOnly }: Props) {
  const fields = describeConfigForm(def);
  const errors = useMemo(() => fieldErrors(def, config), [def, config]);
  const visible = fields.filter((f) => isVisible(f, config, fields));
  if (visible.length === 0) return <p className="text-sm text-slate-500">This step has no settings.</p>;
  return (
    <div className="space-y-4">
      {visible.map((f) => (
        <FieldControl
          key={`${nodeId}-${f.key}`}
          field={f}
          id={fieldId(`cfg-${nodeId}`, f.key)}
          path={f.key}
          value={config[f.key]}
          onChange={(v) => {
            const next = { ...config };
            if (v === undefined) delete next[f.key];
            else next[f.key] = v;
            onChange(next);
          }}
          errors={errors}
          readOnly={readOnly}
        />
      ))}
    </div>
  );
}
