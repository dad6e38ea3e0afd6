/**
 * Aggregate node core: count, sum, average, min, max and distinct count, optionally grouped.
 * Used for reporting tables ("leads per segment this week"). Values that are not numbers are
 * skipped by numeric metrics and counted in `skipped`, so a report can say why a sum looks low.
 */
import { parseNumber } from "./coerce-field";
import { getPath } from "./item-path";

export type MetricOp = "count" | "count_distinct" | "sum" | "avg" | "min" | "max";
/** `count` without a field counts items; with a field it counts items where the field has a value. */
export type Metric = { op: MetricOp; field?: string; as?: string };
export type AggregateSpec = { groupBy?: string[]; metrics: Metric[] };
export type AggregateRow = Record<string, unknown>;
export type AggregateResult = { rows: AggregateRow[]; skipped: Record<string, number> };

export function metricName(m: Metric): string {
  return m.as ?? (m.field ? `${m.op}_${m.field.replace(/\./g, "_")}` : m.op);
}

type Acc = { count: number; sum: number; comp: number; min: number | null; max: number | null; distinct: Set<string> };

function newAcc(): Acc {
  return { count: 0, sum: 0, comp: 0, min: null, max: null, distinct: new Set() };
}

function isPresent(v: unknown): boolean {
  return v !== undefined && v !== null && !(typeof v === "string" && v.trim() === "");
}

/** Neumaier summation, then 15 significant digits: 0.1 + 0.2 reports as 0.3 in a money column. */
function addTo(a: Acc, x: number): void {
  const t = a.sum + x;
  a.comp += Math.abs(a.sum) >= Math.abs(x) ? a.sum - t + x : x - t + a.sum;
  a.sum = t;
}
const tidy = (x: number): number => Number(x.toPrecision(15));

export function aggregate(items: readonly unknown[], spec: AggregateSpec): AggregateResult {
  const groupBy = spec.groupBy ?? [];
  const names = spec.metrics.map(metricName);
  if (new Set(names).size !== names.length) throw new Error("Two metrics have the same output name; set 'as' on one of them");
  const groups = new Map<string, { values: unknown[]; accs: Acc[] }>();
  const skipped: Record<string, number> = {};

  for (const item of items) {
    const gv = groupBy.map((g) => getPath(item, g) ?? null);
    const gk = JSON.stringify(gv);
    let g = groups.get(gk);
    if (!g) {
      g = { values: gv, accs: spec.metrics.map(newAcc) };
      groups.set(gk, g);
    }
    spec.metrics.forEach((m, i) => {
      const acc = g.accs[i] as Acc;
      if (m.op === "count" && !m.field) {
        acc.count++;
        return;
      }
      const v = m.field ? getPath(item, m.field) : undefined;
      if (!isPresent(v)) return;
      if (m.op === "count") {
        acc.count++;
        return;
      }
      if (m.op === "count_distinct") {
        acc.distinct.add(typeof v === "string" ? v.trim().toLowerCase() : JSON.stringify(v));
        return;
      }
      const n = parseNumber(v);
      if (!n.ok) {
        const name = names[i] as string;
        skipped[name] = (skipped[name] ?? 0) + 1;
        return;
      }
      acc.count++;
      addTo(acc, n.value);
      acc.min = acc.min === null ? n.value : Math.min(acc.min, n.value);
      acc.max = acc.max === null ? n.value : Math.max(acc.max, n.value);
    });
  }

  const rows: AggregateRow[] = [];
  for (const g of groups.values()) {
    const row: AggregateRow = {};
    groupBy.forEach((path, i) => (row[path] = g.values[i]));
    spec.metrics.forEach((m, i) => {
      const a = g.accs[i] as Acc;
      const name = names[i] as string;
      if (m.op === "count") row[name] = a.count;
      else if (m.op === "count_distinct") row[name] = a.distinct.size;
      else if (m.op === "sum") row[name] = tidy(a.sum + a.comp);
      else if (m.op === "avg") row[name] = a.count ? tidy((a.sum + a.comp) / a.count) : null;
      else row[name] = m.op === "min" ? a.min : a.max;
    });
    rows.push(row);
  }
  // No items and no grouping still answers "0 leads", not an empty report.
  if (rows.length === 0 && groupBy.length === 0) {
    const row: AggregateRow = {};
    spec.metrics.forEach((m, i) => (row[names[i] as string] = m.op === "count" || m.op === "count_distinct" || m.op === "sum" ? 0 : null));
    rows.push(row);
  }
  return { rows, skipped };
}
