"use client";
// An input for templates ("Hello {{ trigger.name }}") or bare JSONata expressions. It checks the
// syntax as you type (so a mistake shows before any run), previews the value against sample data,
// shows step references by name, and accepts fields clicked or dragged from the data panel.
import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from "react";
import { checkExpression, evaluateExpression } from "@/server/engine/expression";
import { checkTemplate, renderTemplate } from "@/server/engine/template";
import { displayReferences } from "@/components/editor/references";
import { clearInsertTarget, insertAt, setInsertTarget } from "./insert-target";
import { useSampleData } from "./sample-context";
import { completionAt, rankSuggestions, type FieldSuggestion } from "./suggestions";
import { SuggestionList } from "./suggestion-list";

export const REFERENCE_MIME = "application/x-switchyard-ref";

interface Props {
  id: string;
  label: string;
  hideLabel?: boolean;
  value: string;
  onChange(value: string): void;
  mode: "template" | "expression";
  multiline?: boolean;
  placeholder?: string;
  help?: string;
  /** A schema message for this field ("Required"). */
  error?: string;
  readOnly?: boolean;
}

function formatPreview(v: unknown): string {
  if (v === undefined) return "(nothing)";
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v);
  return s.length > 160 ? `${s.slice(0, 159)}…` : s;
}

export function TemplateInput({ id, label, hideLabel, value, onChange, mode, multiline, placeholder, help, error, readOnly }: Props) {
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const latest = useRef({ value, onChange });
  useEffect(() => {
    latest.current = { value, onChange };
  });
  const sample = useSampleData();
  const syntax = mode === "template" ? checkTemplate(value) : value.trim() ? checkExpression(value) : undefined;
  const shownError = syntax ? `Invalid expression: ${syntax.message}` : error;
  const [preview, setPreview] = useState<{ ok: boolean; text: string } | null>(null);
  const [completion, setCompletion] = useState<{ partial: string; start: number; end: number; active: number } | null>(null);
  const suggestions = completion ? rankSuggestions(sample.fields, completion.partial) : [];
  const listOpen = suggestions.length > 0;
  const wantsPreview = !syntax && !!sample.context && (mode === "expression" ? value.trim() !== "" : value.includes("{{"));

  useEffect(() => {
    if (!wantsPreview || !sample.context) return;
    let live = true;
    const ctx = sample.context;
    const t = setTimeout(() => {
      const run = mode === "template" ? renderTemplate(value, ctx) : evaluateExpression(value, ctx);
      run.then(
        (v) => live && setPreview({ ok: true, text: formatPreview(v) }),
        (e: unknown) => live && setPreview({ ok: false, text: e instanceof Error ? e.message : String(e) }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [wantsPreview, value, mode, sample.context]);

  useEffect(() => () => clearInsertTarget(id), [id]);

  const insert = (reference: string) => {
    const el = ref.current;
    const text = mode === "template" ? `{{ ${reference} }}` : reference;
    const next = insertAt(latest.current.value, text, el?.selectionStart ?? null, el?.selectionEnd ?? null);
    latest.current.onChange(next.value);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };
  const onFocus = () => setInsertTarget({ id, mode, insert });
  const updateCompletion = (text: string, caret: number | null) => {
    const c = caret === null ? null : completionAt(text, caret, mode);
    setCompletion(c && caret !== null ? { ...c, end: caret, active: 0 } : null);
  };
  const accept = (s: FieldSuggestion) => {
    if (!completion) return;
    const rest = value.slice(completion.end);
    // Close the braces when the user has not typed them yet, so the template stays valid.
    const closing = mode === "template" && !/^\s*\}\}/.test(rest) ? " }}" : "";
    const next = value.slice(0, completion.start) + s.ref + closing + rest;
    const caret = completion.start + s.ref.length + closing.length;
    onChange(next);
    setCompletion(null);
    requestAnimationFrame(() => ref.current?.setSelectionRange(caret, caret));
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (!listOpen || !completion) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const step = e.key === "ArrowDown" ? 1 : suggestions.length - 1;
      setCompletion({ ...completion, active: (completion.active + step) % suggestions.length });
    } else if (e.key === "Enter" || e.key === "Tab") {
      e.preventDefault();
      accept(suggestions[completion.active] ?? suggestions[0]!);
    } else if (e.key === "Escape") {
      e.stopPropagation();
      setCompletion(null);
    }
  };
  const onDrop = (e: DragEvent) => {
    const reference = e.dataTransfer.getData(REFERENCE_MIME);
    if (!reference) return;
    e.preventDefault();
    insert(reference);
  };

  const refs = value.includes("steps.") ? displayReferences(value, sample.nameOf) : null;
  const describedBy = [shownError ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(" ") || undefined;
  const common = {
    id,
    ref,
    value,
    placeholder: placeholder ?? (mode === "template" ? "Text, or {{ an expression }}" : "e.g. trigger.amount > 100"),
    readOnly,
    onFocus,
    onDrop,
    onChange: (e: { target: { value: string; selectionStart: number | null } }) => {
      onChange(e.target.value);
      updateCompletion(e.target.value, e.target.selectionStart);
    },
    onKeyDown,
    onBlur: () => setCompletion(null),
    role: "combobox",
    "aria-expanded": listOpen,
    "aria-controls": listOpen ? `${id}-suggestions` : undefined,
    "aria-activedescendant": listOpen && completion ? `${id}-suggestions-${completion.active}` : undefined,
    "aria-autocomplete": "list" as const,
    "aria-invalid": shownError ? true : undefined,
    "aria-describedby": describedBy,
    spellCheck: false,
    className: `input ${mode === "expression" || multiline ? "font-mono" : ""}`,
    ...(hideLabel ? { "aria-label": label } : {}),
  };
  return (
    <div>
      {!hideLabel && (
        <label htmlFor={id} className="label">
          {label}
        </label>
      )}
      <div className="relative">
        {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
        {listOpen && completion && <SuggestionList id={`${id}-suggestions`} items={suggestions} active={completion.active} onPick={accept} />}
      </div>
      {refs && refs !== value && <p className="mt-1 truncate text-xs text-slate-600" title={refs}>Uses: {refs}</p>}
      {shownError && (
        <p id={`${id}-error`} className="field-error">
          {shownError}
        </p>
      )}
      {!shownError && wantsPreview && preview && (
        <p className={`mt-1 truncate text-xs ${preview.ok ? "text-emerald-700" : "text-amber-700"}`} data-testid="expression-preview">
          {preview.ok ? `Preview: ${preview.text}` : `Preview not available: ${preview.text}`}
        </p>
      )}
      {help && !shownError && (
        <p id={`${id}-help`} className="mt-1 text-xs text-slate-500">
          {help}
        </p>
      )}
    </div>
  );
}
