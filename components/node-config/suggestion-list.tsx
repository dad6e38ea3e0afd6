"use client";
// The autocomplete list under an expression input (a listbox tied to the input as a combobox).
import type { FieldSuggestion } from "./suggestions";

export function SuggestionList({ id, items, active, onPick }: { id: string; items: FieldSuggestion[]; active: number; onPick(s: FieldSuggestion): void }) {
  return (
    <ul id={id} role="listbox" aria-label="Fields from earlier steps" className="absolute z-20 mt-1 max-h-56 w-full overflow-y-auto rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
      {items.map((s, i) => (
        <li
          key={s.ref}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          className={`flex cursor-pointer items-baseline justify-between gap-2 px-2 py-1 ${i === active ? "bg-brand-50" : "hover:bg-slate-50"}`}
          onMouseDown={(e) => {
            e.preventDefault();
            onPick(s);
          }}
        >
          <span className="truncate">{s.label}</span>
          <span className="shrink-0 font-mono text-xs text-slate-400">{s.preview}</span>
        </li>
      ))}
    </ul>
  );
}
