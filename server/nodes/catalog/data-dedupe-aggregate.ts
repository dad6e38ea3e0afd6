// Dedupe (within the items, or against a table) and Aggregate (for reporting tables).
import { z } from "zod";
import { defineNode, type NodeDefinition } from "../define-node";
import { filtersSchema, recordsSource, tableRef } from "./data-common";
import { dataValidateNode, dataNormalizeNode } from "./data-validate";
import { dataDeleteNode, dataFindNode, dataInsertNode, dataUpdateNode, dataUpsertNode } from "./data-records";

export const dataDedupeConfig = z.object({
  against: z.enum(["table", "items"]).default("table").meta({
    label: "Compare with",
    widget: "select",
    help: "table: is this record already in a data table (by its unique key)? items: drop repeats within the incoming list.",
  }),
  table: tableRef.optional().meta({ label: "Table", help: "Its unique key decides what a duplicate is.", showWhen: { against: ["table"] } }),
  key: z
    .array(z.string().min(1).max(200))
    .max(5)
    .default([])
    .meta({ label: "Key fields", help: "Dotted paths in the item, e.g. email. Against a table: empty = the table's key field names.", widget: "keyvalue" }),
  keep: z.enum(["first", "last"]).default("first").meta({ label: "Keep", widget: "select", showWhen: { against: ["items"] } }),
  records: recordsSource.records,
});
export type DataDedupeConfig = z.output<typeof dataDedupeConfig>;

export const dataDedupeNode = defineNode({
  type: "data.dedupe",
  version: 1,
  kind: "action",
  label: "Dedupe",
  category: "Data",
  icon: "copy-x",
  description: "Routes an item to \"new\" or \"duplicate\", comparing keys after clean-up (case, spaces, e-mail spelling).",
  help: "One item: it goes to new or duplicate (with existingId when found in the table). A list: the new items go on as a list on \"new\"; when every item is a duplicate the list goes to \"duplicate\".",
  config: dataDedupeConfig,
  outputs: ["new", "duplicate"],
  sideEffect: false,
  canFail: true,
});

export const dataAggregateConfig = z.object({
  source: z.enum(["input", "table"]).default("input").meta({ label: "Aggregate", widget: "select", help: "The incoming items, or records of a data table." }),
  records: recordsSource.records.meta({ label: "Items", template: true, widget: "expression", showWhen: { source: ["input"] } }),
  table: tableRef.optional().meta({ label: "Table", showWhen: { source: ["table"] } }),
  filters: filtersSchema.meta({ label: "Records to include", widget: "conditions", showWhen: { source: ["table"] } }),
  groupBy: z.array(z.string().min(1).max(200)).max(5).default([]).meta({ label: "Group by", help: "Dotted paths, e.g. segment." }),
  metrics: z
    .array(
      z.object({
        op: z.enum(["count", "count_distinct", "sum", "avg", "min", "max"]).meta({ label: "Calculation", widget: "select" }),
        field: z.string().max(200).optional().meta({ label: "Field" }),
        as: z.string().max(63).optional().meta({ label: "Name in the output" }),
      }),
    )
    .min(1)
    .max(20)
    .default([{ op: "count" }])
    .meta({ label: "Calculations" }),
});
export type DataAggregateConfig = z.output<typeof dataAggregateConfig>;

export const dataAggregateNode = defineNode({
  type: "data.aggregate",
  version: 1,
  kind: "action",
  label: "Aggregate",
  category: "Data",
  icon: "sigma",
  description: "Counts, sums and averages items or table records, optionally per group (e.g. leads per segment).",
  help: "Output: { rows: [{ segment, count, … }], skipped }. A table is read up to 100,000 records.",
  config: dataAggregateConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});

/** Every data-table node declaration, for the catalogue (register in catalog/index.ts). */
export const dataNodes: readonly NodeDefinition[] = [
  dataValidateNode,
  dataNormalizeNode,
  dataFindNode,
  dataInsertNode,
  dataUpdateNode,
  dataUpsertNode,
  dataDeleteNode,
  dataDedupeNode,
  dataAggregateNode,
] as unknown as readonly NodeDefinition[];
