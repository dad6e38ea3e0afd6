// The one-line summary under a node's name, derived generically from its form fields so new node
// types get a useful summary without code. Conditions are shown the way people wrote them.
import type { NodeDefinition } from "@/server/nodes/define-node";
import type { ConditionOperator } from "@/server/engine/conditions";
import { CONDITION_OPERATOR_SHORT } from "@/components/node-config/condition-labels";
import { describeConfigForm, isVisible, type FieldDescriptor } from "@/components/node-config/schema-form";


function clip(s: string, n = 48): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > n ? `${one.slice(0, n - 1)}…` : one;
}

function conditionText(groups: unknown): string | undefined {
  if (!Array.isArray(groups) || groups.length === 0) return undefined;
  const first = (groups[0] as { conditions?: Array<{ field?: string; operator?: string; value?: unknown }> }).conditions?.[0];
  if (!first?.field) return undefined;
  const more = groups.reduce((n: number, g: { conditions?: unknown[] }) => n + (g.conditions?.length ?? 0), 0) - 1;
  const value = first.value === undefined || first.value === "" ? "" : ` ${String(first.value)}`;
  return `${first.field} ${CONDITION_OPERATOR_SHORT[(first.operator ?? "") as ConditionOperator] ?? first.operator}${value}${more > 0 ? ` (+${more})` : ""}`;
}

function fieldSummary(f: FieldDescriptor, value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (f.kind === "conditions") return conditionText(value);
  // Typed or captured JSON (test data, a sample request): say that it is there, not what it says.
  if (f.kind === "json") return f.label.replace(/\s*\(JSON\)$/, "");
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    const first = value[0] as Record<string, unknown> | undefined;
    const names = value.map((v) => (v && typeof v === "object" ? ((v as Record<string, unknown>).name ?? (v as Record<string, unknown>).key ?? (v as Record<string, unknown>).label) : v)).filter((v) => typeof v === "string" && v);
    if (names.length && first) return names.join(", ");
    return `${value.length} ${f.label.toLowerCase()}`;
  }
  if (typeof value === "boolean") return value ? f.label : undefined;
  if (typeof value === "object") return undefined;
  if (f.kind === "select" && value === f.default) return undefined;
  return f.kind === "select" || f.kind === "number" ? `${f.label}: ${String(value)}` : String(value);
}

export function summarizeConfig(def: NodeDefinition | undefined, config: Record<string, unknown>): string {
  if (!def) return "Unknown step type";
  const fields = describeConfigForm(def);
  const parts: string[] = [];
  for (const f of fields) {
    if (!isVisible(f, config, fields)) continue;
    const s = fieldSummary(f, config[f.key]);
    if (s) parts.push(s);
    if (parts.length === 2) break;
  }
  return parts.length ? clip(parts.join(" · ")) : def.description ? clip(def.description) : "";
}
