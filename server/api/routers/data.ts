// Data tables: viewers read, editors write rows and fields, admins delete tables.
import { z } from "zod";
import * as data from "@/server/services/data-tables";
import { findRowsInputSchema, rowFilterSchema, rowSortSchema } from "@/server/data/row-query";
import type { FieldDefInput, TableDefInput } from "@/server/data/field-types";
import type { TableSchemaChange } from "@/server/services/data-tables";
import { adminProcedure, editorProcedure, router, viewerProcedure } from "../trpc";

/** A table id or its name. */
const table = z.object({ table: z.string().trim().min(1).max(100) });
const record = z.record(z.string(), z.unknown());
const fieldInput = record.transform((f) => f as unknown as FieldDefInput);
/** Base64 of the file's bytes: the server checks the encoding itself (csv-decode.ts), so the browser must not decode it. */
const file = z.string().max(72_000_000, "The file is larger than 50 MB. Split it into smaller files.");
const mapping = z.record(z.string(), z.string().nullable());
const bytesOf = (b64: string) => new Uint8Array(Buffer.from(b64, "base64"));

const schemaChange = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("add"), field: fieldInput }),
  z.object({ kind: z.literal("rename"), from: z.string(), to: z.string(), label: z.string().optional() }),
  z.object({ kind: z.literal("retype"), field: fieldInput }),
  z.object({ kind: z.literal("remove"), key: z.string() }),
  z.object({ kind: z.literal("set_key"), uniqueKey: z.array(z.string()).nullable() }),
]);

const writer = (ctx: { actor: data.Writer["actor"] }): data.Writer => ({ actor: ctx.actor });

export const dataRouter = router({
  list: viewerProcedure.query(({ ctx }) => data.listTables(ctx.db, ctx.workspaceId)),
  get: viewerProcedure.input(table).query(({ ctx, input }) => data.getTable(ctx.db, ctx.workspaceId, input.table)),
  rows: viewerProcedure.input(table.extend(findRowsInputSchema.shape)).query(async ({ ctx, input }) => {
    const { table: ref, ...q } = input;
    const { rows, nextCursor } = await data.findRows(ctx.db, ctx.workspaceId, ref, q);
    return { rows, nextCursor };
  }),
  exportCsv: viewerProcedure
    .input(table.extend({ filters: z.array(rowFilterSchema).max(20).default([]), search: z.string().max(200).optional(), sort: rowSortSchema.optional() }))
    .mutation(({ ctx, input }) => data.exportRowsCsv(ctx.db, ctx.workspaceId, input.table, input)),

  create: editorProcedure.input(record).mutation(({ ctx, input }) => data.createTable(ctx.db, ctx.workspaceId, ctx.actor, input as unknown as TableDefInput)),
  createStarterTables: editorProcedure.mutation(async ({ ctx }) => {
    const r = await data.createStarterTables(ctx.db, ctx.workspaceId, ctx.actor);
    return { created: r.created.map((t) => t.name), existing: r.existing.map((t) => t.name) };
  }),
  updateInfo: editorProcedure
    .input(table.extend({ name: z.string().optional(), description: z.string().optional() }))
    .mutation(({ ctx, input }) => data.updateTableInfo(ctx.db, ctx.workspaceId, ctx.actor, input.table, { name: input.name, description: input.description })),
  changeSchema: editorProcedure
    .input(table.extend({ change: schemaChange }))
    .mutation(({ ctx, input }) => data.applySchemaChange(ctx.db, ctx.workspaceId, writer(ctx), input.table, input.change as TableSchemaChange)),
  delete: adminProcedure.input(table).mutation(({ ctx, input }) => data.deleteTable(ctx.db, ctx.workspaceId, ctx.actor, input.table)),
  restore: adminProcedure.input(z.object({ id: z.string().uuid() })).mutation(({ ctx, input }) => data.restoreTable(ctx.db, ctx.workspaceId, ctx.actor, input.id)),

  insertRows: editorProcedure
    .input(table.extend({ records: z.array(record).min(1).max(1000) }))
    .mutation(({ ctx, input }) => data.insertRows(ctx.db, ctx.workspaceId, writer(ctx), input.table, input.records)),
  updateRow: editorProcedure
    .input(table.extend({ id: z.number().int().positive(), patch: record, expectedVersion: z.number().int().optional() }))
    .mutation(({ ctx, input }) => data.updateRow(ctx.db, ctx.workspaceId, writer(ctx), input.table, input.id, input.patch, input.expectedVersion)),
  deleteRows: editorProcedure
    .input(table.extend({ ids: z.array(z.number().int().positive()).min(1).max(10_000) }))
    .mutation(({ ctx, input }) => data.deleteRows(ctx.db, ctx.workspaceId, writer(ctx), input.table, input.ids)),

  previewImport: editorProcedure
    .input(table.extend({ file, mapping: mapping.optional() }))
    .mutation(({ ctx, input }) => data.previewImport(ctx.db, ctx.workspaceId, input.table, bytesOf(input.file), input.mapping)),
  commitImport: editorProcedure
    .input(table.extend({ file, mapping }))
    .mutation(({ ctx, input }) => data.commitImport(ctx.db, ctx.workspaceId, writer(ctx), input.table, bytesOf(input.file), input.mapping)),
});
