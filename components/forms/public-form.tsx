"use client";
import { useState, type FormEvent } from "react";
import type { PublicForm as PublicFormDef } from "@/server/services/form-intake";

type Field = PublicFormDef["fields"][number];

function clientCheck(f: Field, raw: FormDataEntryValue | null): string | undefined {
  const v = typeof raw === "string" ? raw.trim() : "";
  if (f.type === "consent") return f.required && raw === null ? "Please tick this box to continue." : undefined;
  if (!v) return f.required ? `${f.label} is required.` : undefined;
  if (f.type === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return "Enter a valid e-mail address, like name@company.com.";
  if (f.type === "number" && Number.isNaN(Number(v.replace(",", ".")))) return "Enter a number.";
  return undefined;
}

/** The hosted form: checks in the browser for quick feedback; the server checks again. */
export function PublicForm({ token, form }: { token: string; form: PublicFormDef }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [notice, setNotice] = useState<string>();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const found: Record<string, string> = {};
    for (const f of form.fields) {
      const m = clientCheck(f, data.get(f.name));
      if (m) found[f.name] = m;
    }
    setErrors(found);
    if (Object.keys(found).length) return;
    setState("sending");
    const payload: Record<string, unknown> = Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v)]));
    const res = await fetch(`/api/forms/${encodeURIComponent(token)}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) }).catch(() => null);
    const answer = (await res?.json().catch(() => null)) as { thankYouMessage?: string; redirectUrl?: string | null; message?: string; errors?: { field: string; message: string }[] } | null;
    if (res?.status === 200 && answer) {
      if (answer.redirectUrl) window.location.assign(answer.redirectUrl);
      setNotice(answer.thankYouMessage);
      setState("sent");
      return;
    }
    setState("idle");
    if (res?.status === 422 && answer?.errors) setErrors(Object.fromEntries(answer.errors.map((x) => [x.field, x.message])));
    setNotice(answer?.message ?? "Your answers could not be sent. Please try again.");
  }

  if (state === "sent") {
    return (
      <div className="card p-8" role="status">
        <h1 className="text-xl font-semibold text-slate-900">{form.title}</h1>
        <p className="mt-3 text-slate-700">{notice}</p>
      </div>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="card space-y-5 p-8">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{form.title}</h1>
        {form.intro && <p className="mt-2 whitespace-pre-line text-sm text-slate-600">{form.intro}</p>}
      </div>
      {form.fields.map((f) => (
        <FormInput key={f.name} field={f} error={errors[f.name]} />
      ))}
      {/* Hidden from people (and from screen readers); bots fill it in. */}
      <div aria-hidden="true" className="absolute -left-[9999px] h-0 w-0 overflow-hidden">
        <label htmlFor={form.honeypotName}>Leave this empty</label>
        <input id={form.honeypotName} name={form.honeypotName} tabIndex={-1} autoComplete="off" />
      </div>
      {notice && (
        <p role="alert" className="field-error">
          {notice}
        </p>
      )}
      <button type="submit" className="btn-primary w-full" disabled={state === "sending"}>
        {state === "sending" ? "Sending…" : form.submitLabel}
      </button>
    </form>
  );
}

function FormInput({ field: f, error }: { field: Field; error?: string }) {
  const id = `f-${f.name}`;
  const described = error ? `${id}-error` : f.helpText ? `${id}-help` : undefined;
  const common = { id, name: f.name, "aria-invalid": error ? true : undefined, "aria-describedby": described, "aria-required": f.required || undefined };
  const label = (
    <>
      {f.label}
      {f.required && <span className="text-red-700"> *</span>}
    </>
  );
  return (
    <div>
      {f.type === "consent" ? (
        <label htmlFor={id} className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" className="mt-1 h-4 w-4" {...common} />
          <span>{label}</span>
        </label>
      ) : (
        <>
          <label htmlFor={id} className="label">
            {label}
          </label>
          {f.type === "long_text" ? (
            <textarea className="input min-h-28" placeholder={f.placeholder} {...common} />
          ) : f.type === "select" ? (
            <select className="input" defaultValue="" {...common}>
              <option value="">Choose…</option>
              {f.options.map((o) => (
                <option key={o}>{o}</option>
              ))}
            </select>
          ) : (
            <input
              className="input"
              type={f.type === "email" ? "email" : f.type === "phone" ? "tel" : f.type === "number" ? "text" : "text"}
              inputMode={f.type === "number" ? "decimal" : undefined}
              autoComplete={f.type === "email" ? "email" : f.type === "phone" ? "tel" : undefined}
              placeholder={f.placeholder}
              {...common}
            />
          )}
        </>
      )}
      {f.helpText && !error && (
        <p id={`${id}-help`} className="mt-1 text-sm text-slate-500">
          {f.helpText}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
