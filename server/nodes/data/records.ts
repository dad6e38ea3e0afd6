// Find, Insert, Update, Upsert and Delete executors over the data-table service.
import "server-only";
import type { Db } from "@/db/client";
import { NonRetryableError } from "@/server/engine/errors";
import * as data from "@/server/services/data-tables";
import { defineExecutor } from "../executor";
import { dataDeleteNode, dataFindNode, dataInsertNode, dataUpdateNode, dataUpsertNode } from "../catalog/data-records";
import { recordsOf, service, writerOf } from "./shared";

const flat = (r: data.DataRow) => ({ id: r.id, ...r.values });

export function findExecutor(db: Db) {
  return defineExecutor(dataFindNode, async (ctx) => {
    const c = ctx.config;
    const page = await service(() => data.findRows(db, ctx.execution.workspaceId, c.table, { filters: c.filters, search: c.search || undefined, sort: c.sort, limit: c.limit }));
    const records = page.rows.map(flat);
    return { output: { records, count: records.length, first: records[0] ?? null, more: page.nextCursor !== null } };
  });
}

export function insertExecutor(db: Db) {
  return defineExecutor(dataInsertNode, async (ctx) => {
    const { list, single } = recordsOf(ctx);
    const rows = await service(() => data.insertRows(db, ctx.execution.workspaceId, writerOf(ctx), ctx.config.table, list));
    const records = rows.map(flat);
    return { output: single ? { id: rows[0]!.id, record: records[0] } : { inserted: rows.length, records } };
  });
}

export function updateExecutor(db: Db) {
  return defineExecutor(dataUpdateNode, async (ctx) => {
    const c = ctx.config;
    if (c.filters.length === 0) throw new NonRetryableError("Add at least one filter to choose the records to change", "CONFIG");
    const patch: Record<string, unknown> = {};
    for (const f of c.fields) patch[f.name] = f.value;
    const r = await service(() => data.updateRowsWhere(db, ctx.execution.workspaceId, writerOf(ctx), c.table, c.filters, patch, c.limit));
    if (r.updated === 0 && c.failIfNone) throw new NonRetryableError("No record matched the filters", "DATA_NOT_FOUND");
    return { output: { updated: r.updated, records: r.rows.map(flat) } };
  });
}

export function upsertExecutor(db: Db) {
  return defineExecutor(dataUpsertNode, async (ctx) => {
    const { list, single } = recordsOf(ctx);
    const ws = ctx.execution.workspaceId;
    const add: Record<string, number> = {};
    for (const a of ctx.config.add ?? []) {
      const by = typeof a.by === "number" ? a.by : typeof a.by === "string" && a.by.trim() !== "" ? Number(a.by) : NaN;
      if (!Number.isFinite(by)) throw new NonRetryableError(`"Add to number fields": the amount for ${a.field} is not a number`, "DATA_VALIDATION");
      add[a.field] = (add[a.field] ?? 0) + by;
    }
    const r = await service(() => data.upsertRows(db, ws, writerOf(ctx), ctx.config.table, list, ctx.config.mode, { add, once: ctx.idempotencyKey }));
    ctx.log("info", `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`);
    if (single) {
      const row = await service(() => data.getRow(db, ws, ctx.config.table, r.rows[0]!.id));
      return { output: { id: row.id, outcome: r.rows[0]!.outcome, record: flat(row) } };
    }
    return { output: { created: r.created, updated: r.updated, unchanged: r.unchanged, records: r.rows } };
  });
}

export function deleteExecutor(db: Db) {
  return defineExecutor(dataDeleteNode, async (ctx) => {
    const c = ctx.config;
    const r = await service(() => data.deleteRowsWhere(db, ctx.execution.workspaceId, writerOf(ctx), c.table, c.filters, c.limit));
    return { output: r };
  });
}
