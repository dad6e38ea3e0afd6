// Templates mix text and {{ expression }} parts. Only text written by the workflow author is ever
// parsed as a template: values produced by evaluation (trigger data, step outputs) are inserted as
// data and never looked at again, so a payload containing "{{ … }}" stays that literal text.
import { ExpressionError, checkExpression, evaluateDirect, evaluateExpression, type EvaluateOptions, type ExpressionContext } from "./expression";

export type TemplatePart = { kind: "text"; text: string } | { kind: "expr"; source: string; offset: number };

/** Splits a template into text and expression parts; `offset` is where the expression source starts. */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  let textStart = 0;
  while (i < text.length) {
    const open = text.indexOf("{{", i);
    if (open < 0) break;
    const close = findClose(text, open + 2);
    if (close < 0) throw new ExpressionError("Unclosed \"{{\" in template", open, "TEMPLATE");
    if (open > textStart) parts.push({ kind: "text", text: text.slice(textStart, open) });
    const raw = text.slice(open + 2, close);
    const lead = raw.length - raw.trimStart().length;
    const source = raw.trim();
    if (!source) throw new ExpressionError("Empty \"{{ }}\" in template", open, "TEMPLATE");
    parts.push({ kind: "expr", source, offset: open + 2 + lead });
    i = close + 2;
    textStart = i;
  }
  if (textStart < text.length) parts.push({ kind: "text", text: text.slice(textStart) });
  return parts;
}

/** Finds the "}}" that closes an expression, skipping braces and "}}" inside string literals. */
function findClose(text: string, from: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0 && text[i + 1] === "}") return i;
      if (depth > 0) depth--;
    }
  }
  return -1;
}

export function hasTemplate(text: string): boolean {
  return text.includes("{{");
}

/** Static check of every expression in a template; errors carry the position in the template. */
export function checkTemplate(text: string): ExpressionError | undefined {
  let parts: TemplatePart[];
  try {
    parts = parseTemplate(text);
  } catch (e) {
    return e as ExpressionError;
  }
  for (const p of parts) {
    if (p.kind !== "expr") continue;
    const err = checkExpression(p.source);
    if (err) return shiftPosition(err, p.offset);
  }
  return undefined;
}

/**
 * Renders a template. A template that is exactly one `{{ expr }}` returns the expression's value
 * with its type (number, object, array…); otherwise values are turned into text.
 */
export async function renderTemplate(text: string, ctx: ExpressionContext, opts: EvaluateOptions = {}): Promise<unknown> {
  if (!hasTemplate(text)) return text;
  const parts = parseTemplate(text);
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only?.kind === "expr") return evalPart(only, ctx, opts);
  let out = "";
  for (const p of parts) out += p.kind === "text" ? p.text : stringifyValue(await evalPart(p, ctx, opts));
  return out;
}

const parsedTemplates = new Map<string, TemplatePart[] | null>();

/**
 * A template rendered synchronously when every expression in it is one evaluateDirect answers
 * (plain fields, string clean-ups); undefined otherwise, and for templates that do not parse
 * (renderTemplate then raises the error). Same results as renderTemplate.
 */
export function renderTemplateDirect(text: string, ctx: ExpressionContext): { value: unknown } | undefined {
  if (!hasTemplate(text)) return { value: text };
  let parts = parsedTemplates.get(text);
  if (parts === undefined) {
    try {
      parts = parseTemplate(text);
    } catch {
      parts = null;
    }
    if (parsedTemplates.size >= 1000) parsedTemplates.clear();
    parsedTemplates.set(text, parts);
  }
  if (!parts) return undefined;
  if (parts.length === 1 && parts[0]!.kind === "expr") return evaluateDirect(parts[0]!.source, ctx);
  let out = "";
  for (const p of parts) {
    if (p.kind === "text") out += p.text;
    else {
      const v = evaluateDirect(p.source, ctx);
      if (!v) return undefined;
      out += stringifyValue(v.value);
    }
  }
  return { value: out };
}

async function evalPart(p: Extract<TemplatePart, { kind: "expr" }>, ctx: ExpressionContext, opts: EvaluateOptions): Promise<unknown> {
  try {
    return await evaluateExpression(p.source, ctx, opts);
  } catch (e) {
    throw e instanceof ExpressionError ? shiftPosition(e, p.offset) : e;
  }
}

export function stringifyValue(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

function shiftPosition(e: ExpressionError, offset: number): ExpressionError {
  const pos = e.details.position;
  const base = e.message.replace(/ \(at position \d+\)$/, "");
  return new ExpressionError(base, pos === undefined ? offset : pos + offset, e.code);
}
