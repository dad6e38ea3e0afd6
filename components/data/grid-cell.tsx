"use client";
import { useEffect, useRef, useState } from "react";
import type { FieldDef } from "@/server/data/field-types";
import { cellText, editText } from "./format";

export type SaveCell = (value: unknown) => Promise<string | null>;

/**
 * One editable cell. Enter or a click opens the editor; Enter saves, Escape cancels. A refused
 * value keeps the editor open with the server's message under it (and announced), so the person
 * can fix it without retyping.
 */
export function GridCell({ field, value, rowLabel, canEdit, onSave }: { field: FieldDef; value: unknown; rowLabel: string; canEdit: boolean; onSave: SaveCell }) {
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const inputRef = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const id = `cell-${rowLabel.replace(/\W+/g, "-")}-${field.key}`;

  useEffect(() => {
    if (editing) inputRef.current?.focus();
  }, [editing]);

  const shown = cellText(field, value);
  if (!editing) {
    if (!canEdit) return <span className="block truncate px-2 py-2">{shown}</span>;
    return (
      <button
        ref={buttonRef}
        type="button"
        className="block w-full truncate rounded px-2 py-2 text-left hover:bg-brand-50 focus:bg-brand-50"
        aria-label={`${field.label} of ${rowLabel}: ${shown || "empty"}. Press Enter to edit.`}
        onClick={() => {
          setText(editText(field, value));
          setError(null);
          setEditing(true);
        }}
      >
        {shown || <span className="text-slate-300">—</span>}
      </button>
    );
  }

  async function save() {
    setSaving(true);
    const raw: unknown = field.type === "multi_select" ? text.split(",").map((s) => s.trim()).filter(Boolean) : text;
    const message = await onSave(raw);
    setSaving(false);
    if (message) {
      setError(message);
      inputRef.current?.focus();
    } else {
      setEditing(false);
      setTimeout(() => buttonRef.current?.focus(), 0);
    }
  }

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === "Enter") {
      e.preventDefault();
      void save();
    } else if (e.key === "Escape") {
      e.preventDefault();
      setEditing(false);
      setTimeout(() => buttonRef.current?.focus(), 0);
    }
  }

  const common = {
    id,
    "aria-label": `${field.label} of ${rowLabel}`,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
    className: "input py-1",
    disabled: saving,
    onKeyDown,
  } as const;
  return (
    <div className="px-1 py-1">
      {field.type === "single_select" || field.type === "boolean" ? (
        <select ref={inputRef} {...common} value={text} onChange={(e) => setText(e.target.value)}>
          <option value="">—</option>
          {(field.type === "boolean" ? ["yes", "no"] : field.options).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      ) : (
        <input ref={inputRef} {...common} value={text} onChange={(e) => setText(e.target.value)} />
      )}
      <div className="mt-1 flex gap-1">
        <button type="button" className="btn-primary px-2 py-0.5 text-xs" onClick={() => void save()} disabled={saving}>
          Save
        </button>
        <button type="button" className="btn-ghost px-2 py-0.5 text-xs" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="field-error whitespace-normal text-xs">
          {error}
        </p>
      )}
    </div>
  );
}
