// Finds the template fields of a node's config by walking its zod schema next to the value.
// A field is a template only if its schema says `.meta({ template: true })`; every other string is
// taken literally. That is the type-level split between "template" and "value".
import type { z } from "zod";
import { renderTemplate, renderTemplateDirect } from "./template";
import type { EvaluateOptions, ExpressionContext } from "./expression";

export type FieldPath = Array<string | number>;
export interface TemplateField {
  path: FieldPath;
  text: string;
}

interface ZodDefLike {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
}

function defOf(s: z.ZodType): ZodDefLike {
  return (s as unknown as { _zod: { def: ZodDefLike } })._zod.def;
}

function isTemplate(s: z.ZodType): boolean {
  const meta = (s as unknown as { meta(): Record<string, unknown> | undefined }).meta();
  return meta?.template === true;
}

export function findTemplateFields(schema: z.ZodType, value: unknown, path: FieldPath = [], out: TemplateField[] = []): TemplateField[] {
  if (isTemplate(schema) && typeof value === "string") {
    out.push({ path, text: value });
    return out;
  }
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      if (def.innerType) findTemplateFields(def.innerType, value, path, out);
      break;
    case "pipe":
      if (def.in) findTemplateFields(def.in, value, path, out);
      break;
    case "object":
      if (value && typeof value === "object" && !Array.isArray(value) && def.shape) {
        for (const [k, sub] of Object.entries(def.shape)) {
          if (Object.prototype.hasOwnProperty.call(value, k)) findTemplateFields(sub, (value as Record<string, unknown>)[k], [...path, k], out);
        }
      }
      break;
    case "array":
      if (Array.isArray(value) && def.element) value.forEach((v, i) => findTemplateFields(def.element!, v, [...path, i], out));
      break;
    case "record":
      if (value && typeof value === "object" && !Array.isArray(value) && def.valueType) {
        for (const [k, v] of Object.entries(value)) findTemplateFields(def.valueType, v, [...path, k], out);
      }
      break;
    case "union":
      // The first option that accepts the value decides which fields are templates.
      for (const opt of def.options ?? []) {
        if (opt.safeParse(value).success) {
          findTemplateFields(opt, value, path, out);
          break;
        }
      }
      break;
    default:
      break;
  }
  return out;
}

export function formatPath(path: FieldPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/**
 * Returns a copy of `config` with every template field rendered. Errors name the field.
 * The input config is not modified; parts of it without template fields are shared with the
 * copy (configs of published graphs are frozen, so sharing is safe, and a deep clone per step run
 * was measurable under load).
 */
export async function resolveConfigTemplates(
  schema: z.ZodType,
  config: unknown,
  ctx: ExpressionContext,
  opts: EvaluateOptions = {},
  /** The config's template fields, when the caller has them already. */
  known?: TemplateField[],
): Promise<unknown> {
  const fields = known ?? findTemplateFields(schema, config);
  if (fields.length === 0) return config;
  const copy = copyContainer(config) as Record<string, unknown>;
  const copied = new WeakSet<object>([copy]);
  for (const f of fields) {
    let value: unknown;
    try {
      value = await renderTemplate(f.text, ctx, opts);
    } catch (e) {
      if (e && typeof e === "object" && "details" in e) {
        const err = e as Error & { details: Record<string, unknown> };
        err.details.field = formatPath(f.path);
        err.message = `${formatPath(f.path)}: ${err.message}`;
      }
      throw e;
    }
    setAt(copy, f.path, value, copied);
  }
  return copy;
}

/**
 * resolveConfigTemplates without waiting, when every template field renders directly
 * (renderTemplateDirect); undefined when one needs JSONata.
 */
export function resolveConfigTemplatesDirect(config: unknown, ctx: ExpressionContext, fields: TemplateField[]): { config: unknown } | undefined {
  if (fields.length === 0) return { config };
  const values: unknown[] = [];
  for (const f of fields) {
    const v = renderTemplateDirect(f.text, ctx);
    if (!v) return undefined;
    values.push(v.value);
  }
  const copy = copyContainer(config) as Record<string, unknown>;
  const copied = new WeakSet<object>([copy]);
  fields.forEach((f, i) => setAt(copy, f.path, values[i], copied));
  return { config: copy };
}

function copyContainer(v: unknown): unknown {
  if (Array.isArray(v)) return [...(v as unknown[])];
  return v && typeof v === "object" ? { ...(v as Record<string, unknown>) } : v;
}

/** Sets the value at `path`, copying each container on the way the first time it is entered. */
function setAt(root: Record<string, unknown>, path: FieldPath, value: unknown, copied: WeakSet<object>): void {
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    let child = cur[path[i]!];
    if (child && typeof child === "object" && !copied.has(child)) {
      child = copyContainer(child);
      copied.add(child as object);
      cur[path[i]!] = child;
    }
    cur = child as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last === undefined) return;
  cur[last] = value;
}
