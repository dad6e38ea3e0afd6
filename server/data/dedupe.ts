/**
 * Dedupe node core (within the items of one run): items whose key fields are equal after
 * clean-up (case, spaces) are duplicates; the first or the last one is kept. Items without a
 * key cannot be judged, so they pass through and are listed in `missingKey`.
 */
import { collapseSpaces, normalizeEmail } from "./normalize";
import { getPath } from "./item-path";

export type DedupeOptions<T> = {
  /** Dotted paths of the key fields, or a function computing the key. */
  key: string[] | ((item: T) => unknown);
  keep?: "first" | "last";
  /** Fold case and spaces (and canonicalize e-mail-looking values) before comparing. Default true. */
  normalize?: boolean;
};
export type DedupeResult<T> = {
  unique: T[];
  duplicates: { item: T; index: number; keptIndex: number }[];
  missingKey: number[];
};

function normPart(v: unknown, normalize: boolean): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === "string") {
    if (!normalize) return v === "" ? null : v;
    const s = collapseSpaces(v.normalize("NFC"));
    if (s === "") return null;
    if (s.includes("@")) {
      const e = normalizeEmail(s);
      if (e.ok) return e.value;
    }
    return s.toLowerCase();
  }
  return JSON.stringify(v);
}

export function dedupeKey<T>(item: T, opts: DedupeOptions<T>): string | null {
  const normalize = opts.normalize ?? true;
  const raw = typeof opts.key === "function" ? [opts.key(item)] : opts.key.map((p) => getPath(item, p));
  const parts: string[] = [];
  for (const v of raw) {
    const p = normPart(v, normalize);
    if (p === null) return null;
    parts.push(p);
  }
  return JSON.stringify(parts);
}

export function dedupeItems<T>(items: readonly T[], opts: DedupeOptions<T>): DedupeResult<T> {
  const keep = opts.keep ?? "first";
  const keptIndexByKey = new Map<string, number>();
  const keys: (string | null)[] = items.map((it) => dedupeKey(it, opts));
  keys.forEach((k, i) => {
    if (k === null) return;
    if (keep === "last" || !keptIndexByKey.has(k)) keptIndexByKey.set(k, i);
  });
  const unique: T[] = [];
  const duplicates: DedupeResult<T>["duplicates"] = [];
  const missingKey: number[] = [];
  items.forEach((item, i) => {
    const k = keys[i] ?? null;
    if (k === null) {
      missingKey.push(i);
      unique.push(item);
      return;
    }
    const kept = keptIndexByKey.get(k) as number;
    if (kept === i) unique.push(item);
    else duplicates.push({ item, index: i, keptIndex: kept });
  });
  return { unique, duplicates, missingKey };
}
