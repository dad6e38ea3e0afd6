"use client";
// The If node's condition builder: rows of field, operator and value, grouped with AND / OR.
import { CONDITION_OPERATORS, isUnaryOperator, type ConditionGroup, type ConditionOperator } from "@/server/engine/conditions";
import { CONDITION_OPERATOR_LABELS } from "./condition-labels";
import { TemplateInput } from "./template-input";
import { fieldId, type FieldProps } from "./field-control";


const newCondition = () => ({ field: "", operator: "equals" as ConditionOperator, value: "" });

export function ConditionsField({ field, id, path, value, onChange, errors, readOnly }: FieldProps) {
  const groups = Array.isArray(value) ? (value as ConditionGroup[]) : [];
  const setGroup = (gi: number, g: ConditionGroup) => onChange(groups.map((x, j) => (j === gi ? g : x)));
  return (
    <fieldset>
      <legend className="label">{field.label}</legend>
      {groups.length === 0 && <p className="text-sm text-slate-500">No conditions yet: everything goes to “true”.</p>}
      <div className="space-y-2">
        {groups.map((g, gi) => (
          <div key={gi} className="rounded-md border border-slate-200 bg-slate-50 p-2">
            {groups.length > 1 && <p className="-mt-1 mb-1 text-xs font-semibold uppercase text-slate-500">Group {gi + 1}</p>}
            <ol className="space-y-2">
              {g.conditions.map((c, ci) => {
                const n = `${gi + 1}.${ci + 1}`;
                const setCond = (patch: Partial<typeof c>) => setGroup(gi, { ...g, conditions: g.conditions.map((x, j) => (j === ci ? { ...x, ...patch } : x)) });
                return (
                  <li key={ci} className="space-y-1">
                    {ci > 0 && (
                      <select aria-label={`Join condition ${n}`} className="input w-24 py-1 text-xs" value={g.combinator} disabled={readOnly} onChange={(e) => setGroup(gi, { ...g, combinator: e.target.value as "and" | "or" })}>
                        <option value="and">and</option>
                        <option value="or">or</option>
                      </select>
                    )}
                    <TemplateInput id={fieldId(id, `${gi}-${ci}-field`)} label={`Condition ${n} field`} hideLabel mode="expression" value={c.field ?? ""} onChange={(v) => setCond({ field: v })} placeholder="Field, e.g. trigger.amount" error={errors[`${path}[${gi}].conditions[${ci}].field`]} readOnly={readOnly} />
                    <div className="flex gap-2">
                      <select aria-label={`Condition ${n} operator`} className="input w-40" value={c.operator} disabled={readOnly} onChange={(e) => setCond({ operator: e.target.value as ConditionOperator })}>
                        {CONDITION_OPERATORS.map((o) => (
                          <option key={o} value={o}>
                            {CONDITION_OPERATOR_LABELS[o]}
                          </option>
                        ))}
                      </select>
                      {!isUnaryOperator(c.operator) && (
                        <div className="flex-1">
                          <TemplateInput id={fieldId(id, `${gi}-${ci}-value`)} label={`Condition ${n} value`} hideLabel mode="template" value={c.value === undefined ? "" : String(c.value)} onChange={(v) => setCond({ value: v })} placeholder="Value" readOnly={readOnly} />
                        </div>
                      )}
                      {!readOnly && (
                        <button
                          type="button"
                          className="btn-ghost px-2"
                          aria-label={`Remove condition ${n}`}
                          onClick={() => {
                            const rest = g.conditions.filter((_, j) => j !== ci);
                            onChange(rest.length ? groups.map((x, j) => (j === gi ? { ...g, conditions: rest } : x)) : groups.filter((_, j) => j !== gi));
                          }}
                        >
                          ✕
                        </button>
                      )}
                    </div>
                  </li>
                );
              })}
            </ol>
            {!readOnly && (
              <button type="button" className="btn-ghost mt-1 px-2 py-1 text-xs" onClick={() => setGroup(gi, { ...g, conditions: [...g.conditions, newCondition()] })}>
                + Add condition
              </button>
            )}
          </div>
        ))}
      </div>
      {!readOnly && (
        <button type="button" className="btn-secondary mt-2 px-2.5 py-1 text-xs" onClick={() => onChange([...groups, { combinator: "and", conditions: [newCondition()] }])}>
          + {groups.length ? "Add group" : "Add condition"}
        </button>
      )}
      {errors[path] && <p className="field-error">{errors[path]}</p>}
    </fieldset>
  );
}
