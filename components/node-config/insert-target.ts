// The input that receives a reference when a field is clicked in the data panel: the last
// template or expression input that had focus (clicking the panel blurs it, so "focused now"
// would never match).
import { create } from "zustand";

export interface InsertTarget {
  id: string;
  /** "template": insert {{ ref }}; "expression": insert the bare ref. */
  mode: "template" | "expression";
  insert(reference: string): void;
}

export const useInsertTarget = create<{ target: InsertTarget | null }>()(() => ({ target: null }));

export function setInsertTarget(t: InsertTarget | null) {
  useInsertTarget.setState({ target: t });
}

export function clearInsertTarget(id: string) {
  if (useInsertTarget.getState().target?.id === id) useInsertTarget.setState({ target: null });
}

/** Inserts `text` into `value` at the caret, returning the new value and caret position. */
export function insertAt(value: string, text: string, start: number | null, end: number | null): { value: string; caret: number } {
  const s = start ?? value.length;
  const e = end ?? s;
  const before = value.slice(0, s);
  const spacer = before && !/\s$/.test(before) && !text.startsWith(" ") ? " " : "";
  const next = before + spacer + text + value.slice(e);
  return { value: next, caret: (before + spacer + text).length };
}
