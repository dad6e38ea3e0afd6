// JSONata expressions over { trigger, steps, item, vars }, hardened for hostile input:
// - prototype names (constructor, __proto__, prototype) are refused before evaluation;
// - names at the root must be one of the four context keys, so `process`, `require`,
//   `globalThis` fail with an error instead of quietly reading undefined;
// - $eval is disabled: data must never be re-parsed as an expression (second-order injection);
// - time, stack depth and sequence length are bounded by jsonata's own guardrails;
// - regexes with nested quantifiers (catastrophic backtracking) are refused, $pad is capped.
// No user JavaScript runs; JSONata is a non-Turing-complete-by-construction DSL evaluated over
// plain JSON data with no host objects.
import jsonata from "jsonata";
import { EngineError } from "./errors";
import { NO, plainPlan } from "./expression-plain";

export interface ExpressionContext {
  trigger: unknown;
  steps: Record<string, unknown>;
  item: unknown;
  vars: Record<string, unknown>;
}

export interface ExpressionLimits {
  /** Wall-clock budget per evaluation (jsonata checks it on every evaluation step). */
  timeoutMs: number;
  /** Maximum evaluation depth (recursion). */
  maxDepth: number;
  /** Maximum length of any sequence built during evaluation. */
  maxSequence: number;
}

export const DEFAULT_LIMITS: ExpressionLimits = { timeoutMs: 250, maxDepth: 250, maxSequence: 100_000 };

export const ROOT_NAMES: ReadonlySet<string> = new Set(["trigger", "steps", "item", "vars"]);
const FORBIDDEN_NAMES = new Set(["constructor", "__proto__", "prototype", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__"]);
const FORBIDDEN_VARIABLES = new Set(["eval", "process", "require", "globalThis", "global", "module", "import", "Function", "env"]);
const MAX_EXPRESSION_LENGTH = 10_000;
const MAX_PAD = 10_000;

export class ExpressionError extends EngineError {
  constructor(message: string, position?: number, code = "EXPRESSION") {
    super(position === undefined ? message : `${message} (at position ${position})`, code, {
      retryable: false,
      ...(position === undefined ? {} : { position }),
    });
    this.name = "ExpressionError";
  }
}

type Compiled = jsonata.Expression;
const cache = new Map<string, Compiled>();
const CACHE_SIZE = 1000;

/** Parses and statically checks an expression; throws ExpressionError. */
export function compileExpression(source: string, limits: ExpressionLimits = DEFAULT_LIMITS): Compiled {
  const key = `${limits.timeoutMs}|${limits.maxDepth}|${limits.maxSequence}|${source}`;
  const hit = cache.get(key);
  if (hit) return hit;
  if (source.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`Expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  let expr: Compiled;
  try {
    expr = jsonata(source, {
      timeout: limits.timeoutMs,
      stack: limits.maxDepth,
      sequence: limits.maxSequence,
      RegexEngine: SafeRegExp as unknown as RegExpConstructor,
    });
  } catch (e) {
    throw toExpressionError(e);
  }
  checkAst(expr.ast());
  const assign = expr.assign as unknown as (name: symbol, value: unknown) => void;
  assign(Symbol.for("jsonata.__evaluate_entry"), rootNameGuard);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, expr);
  return expr;
}

/** Syntax and safety check without evaluating (for the graph validator); undefined when fine. */
export function checkExpression(source: string): ExpressionError | undefined {
  try {
    compileExpression(source);
    return undefined;
  } catch (e) {
    return e instanceof ExpressionError ? e : new ExpressionError(String(e));
  }
}

export interface EvaluateOptions {
  limits?: ExpressionLimits;
  /** Milliseconds since epoch for $now() / $millis(), so evaluation is reproducible. */
  nowMs?: number;
}

/** Whether an expression can read `steps`: by name, or through the root ($$, or $ at the top). */
export function mayReadSteps(source: string): boolean {
  return source.includes("steps") || source.includes("$$") || /\$(?![A-Za-z0-9_$])/.test(source);
}

const SIMPLE_PATH = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)\s*$/;
const simplePaths = new Map<string, string[] | null>();

/**
 * `trigger.body.email` and the like, read directly: a JSONata evaluation costs tens of
 * microseconds, and most template fields are such paths. Only when every step is an own property
 * of a plain object and the value is a string, number or boolean; anything else (arrays, with
 * JSONata's mapping semantics; missing keys; objects) takes the JSONata path, so results never differ.
 */
export function readSimplePath(source: string, ctx: ExpressionContext): { value: unknown } | undefined {
  let parts = simplePaths.get(source);
  if (parts === undefined) {
    const m = SIMPLE_PATH.exec(source);
    parts = m && ROOT_NAMES.has(m[1]!.split(".")[0]!) && !m[1]!.split(".").some((p) => FORBIDDEN_NAMES.has(p)) ? m[1]!.split(".") : null;
    if (simplePaths.size >= CACHE_SIZE) simplePaths.clear();
    simplePaths.set(source, parts);
  }
  if (!parts) return undefined;
  let v: unknown = (ctx as unknown as Record<string, unknown>)[parts[0]!];
  for (let i = 1; i < parts.length; i++) {
    if (!v || typeof v !== "object" || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, parts[i]!)) return undefined;
    v = (v as Record<string, unknown>)[parts[i]!];
  }
  const t = typeof v;
  return t === "string" || (t === "number" && Number.isFinite(v)) || t === "boolean" ? { value: v } : undefined;
}

const plans = new Map<string, ReturnType<typeof plainPlan>>();

/**
 * Expressions in JSONata's plain subset (expression-plain.ts: paths, literals, \$exists, ?:, object
 * constructors, comparisons, arithmetic, the string clean-ups), evaluated without JSONata.
 */
function readPlain(source: string, ctx: ExpressionContext): { value: unknown } | undefined {
  let plan = plans.get(source);
  if (plan === undefined) {
    try {
      plan = plainPlan(compileExpression(source).ast(), ROOT_NAMES, FORBIDDEN_NAMES);
    } catch {
      plan = null; // JSONata reports the error
    }
    if (plans.size >= CACHE_SIZE) plans.clear();
    plans.set(source, plan);
  }
  if (!plan) return undefined;
  const v = plan({ trigger: ctx.trigger, steps: ctx.steps, item: ctx.item, vars: ctx.vars });
  return v === NO ? undefined : { value: normalizeResult(v) };
}

/** The value of the expressions read without JSONata (see above), synchronously; undefined for the rest. */
export function evaluateDirect(source: string, ctx: ExpressionContext): { value: unknown } | undefined {
  return readSimplePath(source, ctx) ?? readPlain(source, ctx);
}

export async function evaluateExpression(source: string, ctx: ExpressionContext, opts: EvaluateOptions = {}): Promise<unknown> {
  const direct = evaluateDirect(source, ctx);
  if (direct) return direct.value;
  const expr = compileExpression(source, opts.limits ?? DEFAULT_LIMITS);
  const root = { trigger: ctx.trigger, steps: ctx.steps, item: ctx.item, vars: ctx.vars };
  try {
    const result = await expr.evaluate(root, safeBindings(opts.nowMs));
    return normalizeResult(result);
  } catch (e) {
    throw toExpressionError(e);
  }
}

function safeBindings(nowMs: number | undefined): Record<string, unknown> {
  const b: Record<string, unknown> = {
    eval: () => {
      throw new ExpressionError("$eval is disabled: data is never evaluated as an expression", undefined, "EXPRESSION_FORBIDDEN");
    },
    lookup: (obj: unknown, key: unknown) => {
      if (typeof key === "string" && FORBIDDEN_NAMES.has(key)) throw forbidden(key);
      return lookupOwn(obj, key);
    },
    pad: (s: unknown, width: unknown, char?: unknown) => {
      if (typeof width === "number" && Math.abs(width) > MAX_PAD) throw new ExpressionError(`$pad width is limited to ${MAX_PAD}`);
      return padLike(s, width, char);
    },
  };
  if (nowMs !== undefined) {
    b.millis = () => nowMs;
    b.now = () => new Date(nowMs).toISOString();
  }
  return b;
}

function lookupOwn(obj: unknown, key: unknown): unknown {
  if (typeof key !== "string") return undefined;
  if (Array.isArray(obj)) {
    const out = obj.map((o) => lookupOwn(o, key)).filter((v) => v !== undefined);
    return out.length === 0 ? undefined : out.length === 1 ? out[0] : out;
  }
  if (obj && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key)) return (obj as Record<string, unknown>)[key];
  return undefined;
}

function padLike(s: unknown, width: unknown, char: unknown): string | undefined {
  if (s === undefined) return undefined;
  const str = String(s);
  const w = typeof width === "number" ? Math.trunc(width) : 0;
  const c = typeof char === "string" && char.length > 0 ? char : " ";
  return w >= 0 ? str.padEnd(w, c) : str.padStart(-w, c);
}

/** Called by jsonata before every evaluation step: names read from the root must be context keys. */
function rootNameGuard(node: { type: string; value?: unknown; position?: number }, input: unknown, env: { lookup(n: string): unknown }): void {
  if (node.type !== "name") return;
  if (input !== env.lookup("$")) return;
  const name = String(node.value);
  if (!ROOT_NAMES.has(name)) {
    throw new ExpressionError(`Unknown name "${name}": expressions start from trigger, steps, item or vars`, node.position, "EXPRESSION_UNKNOWN_NAME");
  }
}

function checkAst(ast: unknown): void {
  const stack: unknown[] = [ast];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== "object") continue;
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    const node = n as { type?: string; value?: unknown; position?: number };
    if ((node.type === "name" || node.type === "string") && typeof node.value === "string" && FORBIDDEN_NAMES.has(node.value)) {
      throw forbidden(node.value, node.position);
    }
    if (node.type === "variable" && typeof node.value === "string" && FORBIDDEN_VARIABLES.has(node.value)) {
      throw new ExpressionError(`"$${node.value}" is not available in expressions`, node.position, "EXPRESSION_FORBIDDEN");
    }
    for (const v of Object.values(node)) if (v && typeof v === "object") stack.push(v);
  }
}

function forbidden(name: string, position?: number): ExpressionError {
  return new ExpressionError(`"${name}" cannot be used in expressions`, position, "EXPRESSION_FORBIDDEN");
}

function toExpressionError(e: unknown): ExpressionError {
  if (e instanceof ExpressionError) return e;
  const o = (e ?? {}) as { message?: unknown; position?: unknown; code?: unknown };
  const code = typeof o.code === "string" ? o.code : undefined;
  const message = typeof o.message === "string" ? o.message : String(e);
  const position = typeof o.position === "number" ? o.position : undefined;
  if (code === "D1012") return new ExpressionError("Expression took too long (time limit reached; check for an endless loop)", undefined, "EXPRESSION_TIMEOUT");
  if (code === "D1011") return new ExpressionError("Expression recursed too deeply (depth limit reached)", undefined, "EXPRESSION_DEPTH");
  if (e instanceof RangeError) return new ExpressionError(`Expression exceeded a resource limit: ${message}`, undefined, "EXPRESSION_LIMIT");
  return new ExpressionError(code ? `${message} [${code}]` : message, position);
}

/** jsonata returns arrays tagged as "sequences" and frozen functions; hand back plain JSON. */
function normalizeResult(v: unknown): unknown {
  if (v === undefined || v === null) return v;
  if (typeof v === "function") return undefined;
  if (typeof v !== "object") return typeof v === "number" && !Number.isFinite(v) ? null : v;
  return JSON.parse(JSON.stringify(v)) as unknown;
}

/**
 * Regex engine handed to jsonata: refuses the classic catastrophic-backtracking shape — a group
 * that contains a quantifier and is itself quantified, e.g. (a+)+ or (x*y?)* — and very long
 * patterns. This is a heuristic; the time limit still bounds everything else.
 */
class SafeRegExp extends RegExp {
  constructor(pattern: string | RegExp, flags?: string) {
    const src = typeof pattern === "string" ? pattern : pattern.source;
    if (src.length > 500) throw new ExpressionError("Regular expression is too long", undefined, "EXPRESSION_REGEX");
    if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/.test(src)) {
      throw new ExpressionError("Regular expression with nested repetition is refused (catastrophic backtracking)", undefined, "EXPRESSION_REGEX");
    }
    super(pattern, flags);
  }
}
