import type { InputHTMLAttributes, ReactNode } from "react";

interface FieldProps extends InputHTMLAttributes<HTMLInputElement> {
  id: string;
  label: string;
  error?: string;
  help?: ReactNode;
}

/** A labelled input whose error is announced to screen readers and tied to the input. */
export function Field({ id, label, error, help, ...input }: FieldProps) {
  const describedBy = [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      <input id={id} name={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {help && !error && (
        <p id={`${id}-help`} className="mt-1 text-sm text-slate-500">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
