// Record nodes over a data table: Find, Insert, Update, Upsert by key, Delete.
import { z } from "zod";
import { rowSortSchema } from "@/server/data/row-query";
import { defineNode } from "../define-node";
import { filtersSchema, limitSchema, recordsSource, tableRef } from "./data-common";

export const dataFindConfig = z.object({
  table: tableRef,
  filters: filtersSchema,
  search: z.string().max(200).default("").meta({ label: "Search", template: true, help: "Text found anywhere in the record." }),
  sort: rowSortSchema.optional().meta({ label: "Sort by" }),
  limit: limitSchema,
});

export const dataFindNode = defineNode({
  type: "data.find",
  version: 1,
  kind: "action",
  label: "Find records",
  category: "Data",
  icon: "search",
  description: "Looks up records in a data table by filters, sorted, up to a limit.",
  help: "Output: { records: [{ id, ...fields }], count, first }. `first` is the first record or null, handy for \"is this lead already known?\".",
  config: dataFindConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});

export const dataInsertConfig = z.object({ table: tableRef, ...recordsSource });
export const dataInsertNode = defineNode({
  type: "data.insert",
  version: 1,
  kind: "action",
  label: "Insert records",
  category: "Data",
  icon: "plus-square",
  description: "Adds new records; a record whose unique key already exists is refused (use Upsert to update it instead).",
  config: dataInsertConfig,
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
});

export const dataUpdateConfig = z.object({
  table: tableRef,
  filters: filtersSchema.meta({ label: "Records to change", widget: "conditions", help: "All must match, e.g. E-mail is {{ item.email }}." }),
  fields: recordsSource.fields.meta({ label: "New values", widget: "mappings" }),
  limit: limitSchema,
  failIfNone: z.boolean().default(false).meta({ label: "Fail when no record matches", widget: "switch" }),
});
export const dataUpdateNode = defineNode({
  type: "data.update",
  version: 1,
  kind: "action",
  label: "Update records",
  category: "Data",
  icon: "pencil-line",
  description: "Changes some fields of the records that match the filters.",
  config: dataUpdateConfig,
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
});

export const dataUpsertConfig = z.object({
  table: tableRef,
  ...recordsSource,
  mode: z.enum(["merge", "replace"]).default("merge").meta({
    label: "When the record exists",
    widget: "select",
    help: "merge: only fields with a value overwrite (empty fields never wipe data); replace: store the record exactly as given.",
  }),
  add: z
    .array(
      z.object({
        field: z.string().min(1).max(63).meta({ label: "Number field", help: "The field's key, e.g. leads" }),
        by: z.unknown().default(1).meta({ label: "Add", template: true, help: "A number, e.g. 1 (or -1 to count down)." }),
      }),
    )
    .max(20)
    .default([])
    .meta({
      label: "Add to number fields",
      widget: "mappings",
      help: "Counters: these fields go up by the amount instead of being overwritten, in the database, so runs at the same moment never lose a count. A new record starts at the amount. Added once per step run, also when the step is re-run after a crash.",
    }),
});
export const dataUpsertNode = defineNode({
  type: "data.upsert",
  version: 1,
  kind: "action",
  label: "Upsert by key",
  category: "Data",
  icon: "database",
  description: "Adds a record, or updates the one with the same unique key (e.g. the same e-mail in any spelling).",
  help: "Output for one record: { id, outcome: created | updated | unchanged, record }. For a list: { created, updated, unchanged, records }. Safe to retry and to run many at once: the database enforces the key, and counters add once per step run.",
  config: dataUpsertConfig,
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
  retry: { maxAttempts: 3 },
});

export const dataDeleteConfig = z.object({
  table: tableRef,
  filters: filtersSchema.meta({ label: "Records to delete", widget: "conditions", help: "At least one filter; all must match." }),
  limit: limitSchema,
});
export const dataDeleteNode = defineNode({
  type: "data.delete",
  version: 1,
  kind: "action",
  label: "Delete records",
  category: "Data",
  icon: "trash",
  description: "Deletes the records that match the filters (at least one filter is required).",
  config: dataDeleteConfig,
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
});
