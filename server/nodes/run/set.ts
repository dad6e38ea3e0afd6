import { defineExecutor } from "../executor";
import { setNode } from "../catalog/set";

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Sets a dotted path on a plain object, creating objects on the way; refuses prototype keys. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur = target;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    if (UNSAFE_KEYS.has(key)) throw new Error(`"${key}" cannot be used as a field name`);
    if (i === parts.length - 1) {
      cur[key] = value;
      return;
    }
    const nextVal = cur[key];
    if (!nextVal || typeof nextVal !== "object" || Array.isArray(nextVal)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
}

export const setRun = defineExecutor(setNode, async (ctx) => {
  if (ctx.config.mode === "json") return { output: ctx.config.json };
  const base = ctx.config.keepInput && ctx.input && typeof ctx.input === "object" && !Array.isArray(ctx.input) ? structuredClone(ctx.input as Record<string, unknown>) : {};
  for (const f of ctx.config.fields) setPath(base, f.name, f.value);
  return { output: base };
});
