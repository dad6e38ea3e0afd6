"use client";
// JSON typed by hand (test data, free-form objects): checked as you type. A string field keeps
// the text; an object field stores the parsed value once it is valid.
import { useState } from "react";
import type { FieldProps } from "./field-control";

export function JsonField({ field, id, path, value, onChange, errors, readOnly }: FieldProps) {
  const storesText = typeof value === "string" || value === undefined;
  const textOf = (v: unknown) => (storesText ? String(v ?? "") : JSON.stringify(v, null, 2));
  const [text, setText] = useState(() => textOf(value));
  // The value can change from outside (e.g. a captured test event pinned as sample data): show it,
  // unless it is just what the text already says.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    let same = false;
    try {
      same = storesText ? text === String(value ?? "") : JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
    } catch {
      same = false;
    }
    if (!same) setText(textOf(value));
  }
  let parseError: string | undefined;
  if (text.trim()) {
    try {
      JSON.parse(text);
    } catch (e) {
      parseError = `Not valid JSON: ${(e as Error).message}`;
    }
  }
  const error = parseError ?? errors[path];
  return (
    <div>
      <label htmlFor={id} className="label">
        {field.label}
      </label>
      <textarea
        id={id}
        rows={5}
        className="input font-mono text-xs"
        value={text}
        readOnly={readOnly}
        spellCheck={false}
        placeholder={'{ "email": "ada@example.com", "amount": 120 }'}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : field.help ? `${id}-help` : undefined}
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          if (storesText) onChange(t === "" && !field.required ? undefined : t);
          else {
            try {
              onChange(t.trim() ? JSON.parse(t) : undefined);
            } catch {
              /* keep the last valid value until the text parses */
            }
          }
        }}
      />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : (
        field.help && (
          <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
            {field.help}
          </p>
        )
      )}
    </div>
  );
}
