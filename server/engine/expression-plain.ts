// A synchronous evaluator for the plain subset of JSONata that most templates use: field paths
// over objects, literals, `$exists`, `?:`, object constructors with literal keys, comparisons,
// arithmetic, `and`/`or`, `&` and the string clean-ups. JSONata evaluates every AST node through
// an async function (about fifty promises for `$exists(steps.a) ? steps.a : steps.b`), which was
// a large share of a respond-mode request's work. Anything outside the subset, or a value whose
// JSONata semantics have special cases (arrays and their sequence rules, undefined operands,
// mixed types), is left to JSONata: `plainPlan` returns null, or the plan answers NO.

// JSONata's own definitions (functions.js), so that the results are the same strings.
const STRING_FUNCTIONS: Record<string, (s: string) => string> = {
  trim: (s) => {
    let r = s.replace(/[ \t\n\r]+/gm, " ");
    if (r.charAt(0) === " ") r = r.substring(1);
    if (r.charAt(r.length - 1) === " ") r = r.substring(0, r.length - 1);
    return r;
  },
  lowercase: (s) => s.toLowerCase(),
  uppercase: (s) => s.toUpperCase(),
};

type Node = { type: string; value?: unknown; [k: string]: unknown };
/** Evaluates over the root object; NO means "leave this evaluation to JSONata". */
type Plan = (root: Record<string, unknown>) => unknown;
export const NO: unique symbol = Symbol("not plain");

const NAME_KEYS = new Set(["type", "value", "position"]);
const COMPARE = new Set(["=", "!=", "<", "<=", ">", ">="]);
const ARITHMETIC = new Set(["+", "-", "*", "/", "%"]);

const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/** A plan for the expression's AST, or null when it uses anything outside the subset. */
export function plainPlan(ast: unknown, rootNames: ReadonlySet<string>, forbidden: ReadonlySet<string>): Plan | null {
  const node = ast as Node;
  switch (node?.type) {
    case "string":
      return () => node.value;
    case "number":
      return Number.isFinite(node.value) ? () => node.value : null;
    case "value":
      return node.value === true || node.value === false || node.value === null ? () => node.value : null;
    case "path":
      return pathPlan(node, rootNames, forbidden);
    case "function":
      return callPlan(node, rootNames, forbidden);
    case "condition": {
      const cond = plainPlan(node.condition, rootNames, forbidden);
      const then = plainPlan(node.then, rootNames, forbidden);
      const otherwise = node.else === undefined ? () => undefined : plainPlan(node.else, rootNames, forbidden);
      if (!cond || !then || !otherwise) return null;
      return (root) => {
        const c = cond(root);
        if (typeof c !== "boolean") return NO;
        return c ? then(root) : otherwise(root);
      };
    }
    case "block": {
      // Parentheses around one expression.
      const inner = node.expressions as unknown[] | undefined;
      return Array.isArray(inner) && inner.length === 1 ? plainPlan(inner[0], rootNames, forbidden) : null;
    }
    case "unary":
      return node.value === "{" ? objectPlan(node, rootNames, forbidden) : null;
    case "binary":
      return binaryPlan(node, rootNames, forbidden);
    default:
      return null;
  }
}

function pathPlan(node: Node, rootNames: ReadonlySet<string>, forbidden: ReadonlySet<string>): Plan | null {
  const steps = node.steps as Node[] | undefined;
  if (!Array.isArray(steps) || steps.length === 0 || Object.keys(node).some((k) => k !== "type" && k !== "steps")) return null;
  const names: string[] = [];
  for (const s of steps) {
    if (s.type !== "name" || typeof s.value !== "string" || Object.keys(s).some((k) => !NAME_KEYS.has(k)) || forbidden.has(s.value)) return null;
    names.push(s.value);
  }
  if (!rootNames.has(names[0]!)) return null;
  return (root) => {
    let v: unknown = root[names[0]!];
    for (let i = 1; i < names.length; i++) {
      if (v === undefined) return undefined;
      if (!isPlainObject(v)) return NO;
      v = Object.prototype.hasOwnProperty.call(v, names[i]!) ? v[names[i]!] : undefined;
    }
    // Arrays follow JSONata's sequence rules (flattening, singletons): JSONata's to answer.
    if (Array.isArray(v) || (typeof v === "number" && !Number.isFinite(v))) return NO;
    return v;
  };
}

function callPlan(node: Node, rootNames: ReadonlySet<string>, forbidden: ReadonlySet<string>): Plan | null {
  const proc = node.procedure as Node | undefined;
  const args = node.arguments as unknown[] | undefined;
  if (node.value !== "(" || proc?.type !== "variable" || !Array.isArray(args) || args.length !== 1) return null;
  const arg = plainPlan(args[0], rootNames, forbidden);
  if (!arg) return null;
  const name = proc.value as string;
  if (name === "exists") {
    return (root) => {
      const v = arg(root);
      return v === NO ? NO : v !== undefined;
    };
  }
  const fn = Object.prototype.hasOwnProperty.call(STRING_FUNCTIONS, name) ? STRING_FUNCTIONS[name]! : undefined;
  if (!fn) return null;
  return (root) => {
    const v = arg(root);
    if (v === undefined || v === NO) return v;
    return typeof v === "string" ? fn(v) : NO;
  };
}

function objectPlan(node: Node, rootNames: ReadonlySet<string>, forbidden: ReadonlySet<string>): Plan | null {
  const pairs = node.lhs as Array<[Node, unknown]> | undefined;
  if (!Array.isArray(pairs) || Object.keys(node).some((k) => !["type", "value", "position", "lhs"].includes(k))) return null;
  const keys: string[] = [];
  const values: Plan[] = [];
  for (const [k, v] of pairs) {
    if (k?.type !== "string" || typeof k.value !== "string" || forbidden.has(k.value) || keys.includes(k.value)) return null;
    const plan = plainPlan(v, rootNames, forbidden);
    if (!plan) return null;
    keys.push(k.value);
    values.push(plan);
  }
  return (root) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const v = values[i]!(root);
      if (v === NO) return NO;
      if (v !== undefined) out[keys[i]!] = v;
    }
    return out;
  };
}

function binaryPlan(node: Node, rootNames: ReadonlySet<string>, forbidden: ReadonlySet<string>): Plan | null {
  const op = node.value as string;
  const lhs = plainPlan(node.lhs, rootNames, forbidden);
  const rhs = plainPlan(node.rhs, rootNames, forbidden);
  if (!lhs || !rhs) return null;
  if (op === "and" || op === "or") {
    return (root) => {
      const a = lhs(root);
      const b = rhs(root);
      if (typeof a !== "boolean" || typeof b !== "boolean") return NO;
      return op === "and" ? a && b : a || b;
    };
  }
  if (op === "&") {
    return (root) => {
      const a = lhs(root);
      const b = rhs(root);
      return typeof a === "string" && typeof b === "string" ? a + b : NO;
    };
  }
  if (COMPARE.has(op)) {
    return (root) => {
      const a = lhs(root);
      const b = rhs(root);
      // Same-typed strings or numbers only: JSONata has its own rules for the rest.
      if (!((typeof a === "number" && typeof b === "number") || (typeof a === "string" && typeof b === "string"))) return NO;
      switch (op) {
        case "=":
          return a === b;
        case "!=":
          return a !== b;
        case "<":
          return a < b;
        case "<=":
          return a <= b;
        case ">":
          return a > b;
        default:
          return a >= b;
      }
    };
  }
  if (ARITHMETIC.has(op)) {
    return (root) => {
      const a = lhs(root);
      const b = rhs(root);
      if (typeof a !== "number" || typeof b !== "number") return NO;
      const r = op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : op === "/" ? a / b : a % b;
      return Number.isFinite(r) ? r : NO;
    };
  }
  return null;
}
