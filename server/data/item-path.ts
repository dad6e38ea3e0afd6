/**
 * Read a value from an item by a simple dotted path ("customer.email", "lines.0.amount").
 * Deliberately not an expression language: these paths come from node config and must never
 * be evaluated as code (see the n8n form-expression advisories in reliability.md §c).
 */
export function getPath(item: unknown, path: string): unknown {
  let cur: unknown = item;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    // Own properties only: "__proto__" or "constructor" must not reach the prototype.
    if (!Object.prototype.hasOwnProperty.call(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
