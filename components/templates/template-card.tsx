"use client";
import type { TemplateSummary } from "@/server/templates/types";

const CATEGORY_COLORS: Record<TemplateSummary["category"], string> = {
  Sales: "bg-emerald-50 text-emerald-800",
  Finance: "bg-amber-50 text-amber-800",
  Support: "bg-sky-50 text-sky-800",
  Reporting: "bg-violet-50 text-violet-800",
};

interface Props {
  template: TemplateSummary;
  canEdit: boolean;
  busy: boolean;
  disabled: boolean;
  onUse: () => void;
}

/** One template: what it does, its steps, and what the user will have to fill in afterwards. */
export function TemplateCard({ template: t, canEdit, busy, disabled, onUse }: Props) {
  return (
    <article className="card flex h-full flex-col p-6" aria-labelledby={`tpl-${t.id}`}>
      <div className="flex items-start justify-between gap-3">
        <h2 id={`tpl-${t.id}`} className="text-lg font-semibold text-slate-900">
          {t.name}
        </h2>
        <span className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${CATEGORY_COLORS[t.category]}`}>{t.category}</span>
      </div>
      <p className="mt-1 text-sm font-medium text-slate-700">{t.summary}</p>
      <p className="mt-3 text-sm text-slate-600">{t.description}</p>
      <details className="mt-4 text-sm text-slate-700">
        <summary className="cursor-pointer font-medium text-slate-800">{t.steps.length} steps</summary>
        <ol className="mt-2 list-decimal space-y-0.5 pl-5 text-slate-600">
          {t.steps.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ol>
      </details>
      <dl className="mt-4 grid gap-2 text-sm">
        <div>
          <dt className="font-medium text-slate-800">Data tables</dt>
          <dd className="text-slate-600">{t.tables.join(", ")} — created, or reused if you already have them.</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-800">You will fill in</dt>
          <dd>
            <ul className="list-disc pl-5 text-slate-600">
              {t.credentials.map((c) => (
                <li key={c.name}>
                  “{c.name}”: {c.help}
                </li>
              ))}
              {t.setup.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <div className="mt-auto pt-6">
        {canEdit && (
          <button type="button" className="btn-primary" onClick={onUse} disabled={disabled} aria-label={`Use the template ${t.name}`}>
            {busy ? "Setting up…" : "Use this template"}
          </button>
        )}
      </div>
    </article>
  );
}
