import { defineExecutor } from "../executor";
import { mergeNode } from "../catalog/merge";

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v });

export const mergeRun = defineExecutor(mergeNode, async (ctx) => {
  const lists = ctx.inputs.map((d) => asList(d.value));
  if (ctx.config.mode === "append") return { output: lists.flat() };
  if (ctx.config.mode === "position") {
    const n = Math.max(0, ...lists.map((l) => l.length));
    return { output: Array.from({ length: n }, (_, i) => Object.assign({}, ...lists.map((l) => (i < l.length ? asObject(l[i]) : {})))) };
  }
  // By key: items with the same key value are combined; first-seen order is kept.
  const key = ctx.config.key;
  const byKey = new Map<string, Record<string, unknown>>();
  const unkeyed: unknown[] = [];
  for (const list of lists) {
    for (const item of list) {
      const o = asObject(item);
      const k = o[key];
      if (k === undefined || k === null) {
        unkeyed.push(item);
        continue;
      }
      const id = JSON.stringify(k);
      byKey.set(id, { ...(byKey.get(id) ?? {}), ...o });
    }
  }
  return { output: [...byKey.values(), ...unkeyed] };
});
