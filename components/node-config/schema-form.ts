// Schema → form: turns a node's zod config schema (via z.toJSONSchema, which carries the
// `.meta()` hints) into field descriptors the generic form renders. Pure, so it is unit-tested
// and any node type added to the catalogue gets a form without UI code.
import { z } from "zod";
import type { FieldWidget, NodeDefinition } from "@/server/nodes/define-node";

export type FieldKind = Exclude<FieldWidget, "expression"> | "template" | "expression" | "list" | "unsupported";

export interface FieldDescriptor {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  /** Text mixed with {{ expression }} parts (upstream data can be inserted). */
  template: boolean;
  help?: string;
  placeholder?: string;
  options?: readonly string[];
  default?: unknown;
  min?: number;
  max?: number;
  integer?: boolean;
  multiline?: boolean;
  showWhen?: Record<string, readonly unknown[]>;
  /** For credential pickers: the credential types that fit. */
  credentialTypes?: readonly string[];
  /** For lists of objects: the fields of one row. */
  itemFields?: FieldDescriptor[];
}

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  // .meta() hints
  label?: string;
  help?: string;
  description?: string;
  widget?: FieldWidget;
  template?: boolean;
  placeholder?: string;
  showWhen?: Record<string, readonly unknown[]>;
  credentialTypes?: readonly string[];
}

const cache = new WeakMap<object, FieldDescriptor[]>();

export function configJsonSchema(schema: z.ZodType): JsonSchema {
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
  } catch {
    return {};
  }
}

/** The form of a node type (cached per schema object). */
export function describeConfigForm(def: Pick<NodeDefinition, "config">): FieldDescriptor[] {
  let fields = cache.get(def.config);
  if (!fields) {
    fields = describeObject(configJsonSchema(def.config));
    cache.set(def.config, fields);
  }
  return fields;
}

function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function typesOf(s: JsonSchema): string[] {
  if (s.anyOf) return s.anyOf.flatMap(typesOf);
  if (Array.isArray(s.type)) return s.type;
  return s.type ? [s.type] : [];
}

export function describeObject(schema: JsonSchema): FieldDescriptor[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([key, prop]) => describeField(key, prop, required.has(key)));
}

function describeField(key: string, s: JsonSchema, required: boolean): FieldDescriptor {
  const base: FieldDescriptor = {
    key,
    label: s.label ?? humanize(key),
    kind: inferKind(s),
    required,
    template: s.template === true,
  };
  const help = s.help ?? s.description;
  if (help) base.help = help;
  if (s.placeholder) base.placeholder = s.placeholder;
  if (s.default !== undefined) base.default = s.default;
  if (s.showWhen) base.showWhen = s.showWhen;
  if (s.credentialTypes) base.credentialTypes = s.credentialTypes;
  if (s.enum) base.options = s.enum.map(String);
  if (typeof s.minimum === "number") base.min = s.minimum;
  if (typeof s.maximum === "number") base.max = s.maximum;
  if (typesOf(s).includes("integer")) base.integer = true;
  if (base.kind === "template" && s.widget === "expression") base.multiline = true;
  if (s.items?.properties) base.itemFields = describeObject(s.items);
  return base;
}

function inferKind(s: JsonSchema): FieldKind {
  const types = typesOf(s);
  if (s.widget === "expression") return s.template ? "template" : "expression";
  if (s.widget) return s.widget;
  if (s.enum) return "select";
  if (s.template) return "template";
  if (types.length === 1 && types[0] === "boolean") return "switch";
  if (types.length === 1 && (types[0] === "number" || types[0] === "integer")) return "number";
  if (types.length === 1 && types[0] === "string") return s.format === "date-time" ? "datetime" : "text";
  if (types.length === 1 && types[0] === "array") return s.items?.properties ? "list" : "json";
  if (types.length === 1 && types[0] === "object") return "json";
  if (types.length > 1 && types.every((t) => t === "string" || t === "number" || t === "boolean")) return "text";
  return types.length === 0 ? "json" : "unsupported";
}

/** showWhen: every named sibling must currently have one of the listed values. */
export function isVisible(field: FieldDescriptor, values: Record<string, unknown>, siblings: readonly FieldDescriptor[]): boolean {
  if (!field.showWhen) return true;
  return Object.entries(field.showWhen).every(([other, allowed]) => {
    const sib = siblings.find((f) => f.key === other);
    const v = values[other] ?? sib?.default;
    return allowed.includes(v);
  });
}

/** The config a new node starts with: the schema's defaults, with required lists left empty. */
export function defaultConfig(def: Pick<NodeDefinition, "config">): Record<string, unknown> {
  const parsed = def.config.safeParse({});
  if (parsed.success && parsed.data && typeof parsed.data === "object") return parsed.data as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of describeConfigForm(def)) if (f.default !== undefined) out[f.key] = structuredClone(f.default);
  return out;
}

/** Validation messages by field path ("fields[0].value"), for inline display under inputs. */
export function fieldErrors(def: Pick<NodeDefinition, "config">, config: unknown): Record<string, string> {
  const res = def.config.safeParse(config);
  if (res.success) return {};
  const out: Record<string, string> = {};
  for (const i of res.error.issues) {
    const path = i.path.map((p, n) => (typeof p === "number" ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join("");
    out[path] ??= friendlyMessage(i);
  }
  return out;
}

function friendlyMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return "Required";
  if (issue.code === "too_small" && issue.origin === "string" && Number(issue.minimum) === 1) return "Required";
  if (issue.code === "too_small" && issue.origin === "array") return `Add at least ${String(issue.minimum)}`;
  return issue.message;
}
