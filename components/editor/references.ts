// References to upstream data. They point at a node's stable id (`steps.set_ab12c.total`), never
// at its name, so renaming a node never breaks a flow; the editor shows them by name instead.

const SIMPLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One JSONata path step: bare when it is a plain name, back-quoted otherwise. */
export function pathStep(key: string | number): string {
  if (typeof key === "number") return `[${key}]`;
  return SIMPLE_NAME.test(key) ? `.${key}` : `.\`${key.replace(/`/g, "")}\``;
}

/** The expression for a field of the trigger data or of an upstream step's output. */
export function referenceExpression(source: { kind: "trigger" } | { kind: "step"; nodeId: string }, path: ReadonlyArray<string | number>): string {
  const root = source.kind === "trigger" ? "trigger" : `steps${pathStep(source.nodeId)}`;
  return root + path.map(pathStep).join("");
}

const STEP_REF = /steps\.(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_-]*))/g;

/** Ids of the steps an expression or template refers to. */
export function referencedStepIds(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(STEP_REF)) ids.add(m[1] ?? m[2]!);
  return [...ids];
}

/**
 * The text as people read it: step ids replaced by «node name». Unknown ids are marked so a
 * reference to a deleted step stands out.
 */
export function displayReferences(text: string, nameOf: (id: string) => string | undefined): string {
  return text.replace(STEP_REF, (_m, quoted: string | undefined, bare: string | undefined) => {
    const id = quoted ?? bare!;
    const name = nameOf(id);
    return name === undefined ? `steps.«missing step ${id}»` : `«${name}»`;
  });
}

/** Rewrites references to old step ids (used when pasting copies of several connected steps). */
export function remapReferences(text: string, idMap: ReadonlyMap<string, string>): string {
  return text.replace(STEP_REF, (m, quoted: string | undefined, bare: string | undefined) => {
    const next = idMap.get(quoted ?? bare!);
    return next ? `steps${pathStep(next)}` : m;
  });
}

/** Deep-maps every string inside a config value. */
export function mapStrings(value: unknown, fn: (s: string) => string): unknown {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  return value;
}
