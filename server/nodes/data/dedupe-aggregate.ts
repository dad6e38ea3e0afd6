// Dedupe (within items, or against a table's unique key) and Aggregate executors.
import "server-only";
import type { Db } from "@/db/client";
import { NonRetryableError } from "@/server/engine/errors";
import { aggregate } from "@/server/data/aggregate";
import { dedupeItems } from "@/server/data/dedupe";
import { getPath } from "@/server/data/item-path";
import { computeUniqueKey, prepareField } from "@/server/data/validate-record";
import type { FieldValue } from "@/server/data/coerce-field";
import * as data from "@/server/services/data-tables";
import { defineExecutor } from "../executor";
import { dataAggregateNode, dataDedupeNode } from "../catalog/data-dedupe-aggregate";
import { recordsOf, service, type Rec } from "./shared";

export function dedupeExecutor(db: Db) {
  return defineExecutor(dataDedupeNode, async (ctx) => {
    const c = ctx.config;
    const { list, single } = recordsOf({ ...ctx, config: { source: "input", records: c.records } });
    if (c.against === "items") {
      if (c.key.length === 0) throw new NonRetryableError("Name the key fields to compare", "CONFIG");
      const r = dedupeItems(list, { key: c.key, keep: c.keep });
      for (const d of r.duplicates) ctx.log("info", `Item ${d.index + 1} repeats item ${d.keptIndex + 1}`);
      return r.unique.length ? { output: r.unique, handle: "new" } : { output: list, handle: "duplicate" };
    }
    if (!c.table) throw new NonRetryableError("Choose the table to compare with", "CONFIG");
    const t = await service(() => data.loadTable(db, ctx.execution.workspaceId, c.table!));
    const keyFields = t.def.uniqueKey;
    if (!keyFields) throw new NonRetryableError(`"${t.name}" has no unique key to compare by`, "CONFIG");
    const keys = list.map((item, i) => {
      const values: Record<string, FieldValue | null> = {};
      keyFields.forEach((k, j) => {
        const f = t.def.fields.find((x) => x.key === k)!;
        const r = prepareField(f, getPath(item, c.key[j] ?? k), { isKey: true, applyDefault: false });
        if (!r.ok) throw new NonRetryableError(`${single ? "" : `Item ${i + 1}: `}${r.message}`, "VALIDATION");
        values[k] = r.value;
      });
      return computeUniqueKey(t.def, values)!;
    });
    const found = await data.idsByKey(db, t.id, keys);
    if (single) {
      const id = found.get(keys[0]!);
      return id === undefined ? { output: list[0], handle: "new" } : { output: { ...list[0], existingId: id }, handle: "duplicate" };
    }
    const seen = new Set<string>();
    const fresh: Rec[] = [];
    const dupes: Rec[] = [];
    list.forEach((item, i) => {
      const k = keys[i]!;
      if (found.has(k) || seen.has(k)) dupes.push(found.has(k) ? { ...item, existingId: found.get(k) } : item);
      else fresh.push(item);
      seen.add(k);
    });
    ctx.log("info", `${fresh.length} new, ${dupes.length} duplicate`);
    return fresh.length ? { output: fresh, handle: "new" } : { output: dupes, handle: "duplicate" };
  });
}

const MAX_AGGREGATE_ROWS = 100_000;

export function aggregateExecutor(db: Db) {
  return defineExecutor(dataAggregateNode, async (ctx) => {
    const c = ctx.config;
    let items: unknown[];
    if (c.source === "table") {
      if (!c.table) throw new NonRetryableError("Choose the table to aggregate", "CONFIG");
      const t = await service(() => data.loadTable(db, ctx.execution.workspaceId, c.table!));
      items = [];
      let cursor: string | null = null;
      do {
        const page: data.RowPage = await service(() => data.findRowsIn(db, t, { filters: c.filters, limit: 1000, cursor }));
        items.push(...page.rows.map((r) => r.values));
        cursor = page.nextCursor;
        if (items.length >= MAX_AGGREGATE_ROWS && cursor) throw new NonRetryableError(`The table has more than ${MAX_AGGREGATE_ROWS} matching records; add filters`, "DATA_TOO_MANY");
      } while (cursor);
    } else {
      const raw = c.records === "" || c.records === undefined ? ctx.input : c.records;
      items = Array.isArray(raw) ? raw : raw === null || raw === undefined ? [] : [raw];
    }
    try {
      return { output: aggregate(items, { groupBy: c.groupBy, metrics: c.metrics }) };
    } catch (e) {
      throw new NonRetryableError((e as Error).message, "CONFIG");
    }
  });
}
