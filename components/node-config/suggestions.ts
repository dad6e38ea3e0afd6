// Autocomplete for expression inputs: which partial path is being typed at the caret, and which
// upstream fields match it. Pure; the input component renders the list.

export interface FieldSuggestion {
  /** The expression inserted, e.g. steps.set_ab12c.total. */
  ref: string;
  /** What people read: "Compute total › total". */
  label: string;
  preview: string;
}

/** The partial reference before the caret, or null when the caret is not in an expression. */
export function completionAt(text: string, caret: number, mode: "template" | "expression"): { partial: string; start: number } | null {
  const before = text.slice(0, caret);
  if (mode === "template") {
    const open = before.lastIndexOf("{{");
    if (open < 0 || before.lastIndexOf("}}") > open) return null;
  }
  const m = /[A-Za-z_][\w.`-]*$/.exec(before);
  if (!m) return mode === "template" && /\{\{\s*$/.test(before) ? { partial: "", start: caret } : null;
  return { partial: m[0], start: caret - m[0].length };
}

export function rankSuggestions(all: readonly FieldSuggestion[], partial: string, limit = 8): FieldSuggestion[] {
  const p = partial.toLowerCase();
  if (!p) return all.slice(0, limit);
  const starts = all.filter((s) => s.ref.toLowerCase().startsWith(p));
  const contains = all.filter((s) => !s.ref.toLowerCase().startsWith(p) && (s.label.toLowerCase().includes(p) || s.ref.toLowerCase().includes(p)));
  return [...starts, ...contains].filter((s) => s.ref !== partial).slice(0, limit);
}
