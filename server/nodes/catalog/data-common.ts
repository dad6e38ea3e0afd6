// Config pieces shared by the data-table nodes (client-safe).
import { z } from "zod";
import { rowFilterSchema } from "@/server/data/row-query";

export const tableRef = z
  .string()
  .trim()
  .min(1, "Choose a data table")
  .max(100)
  .meta({ label: "Table", help: "The data table's name (e.g. Leads) or id." });

/** Where the records come from: the incoming data (one record or a list), or fields mapped one by one. */
export const recordsSource = {
  source: z.enum(["input", "fields"]).default("input").meta({ label: "Records from", widget: "select", help: "The incoming data (one record or a list), or fields mapped one by one." }),
  records: z
    .unknown()
    .default("")
    .meta({ label: "Records", template: true, widget: "expression", help: "Empty: the incoming data. Or a template such as {{ trigger.body.leads }}.", showWhen: { source: ["input"] } }),
  fields: z
    .array(
      z.object({
        name: z.string().min(1).max(63).meta({ label: "Field", help: "The field's key, e.g. email" }),
        value: z.unknown().meta({ label: "Value", template: true }),
      }),
    )
    .max(200)
    .default([])
    .meta({ label: "Fields", widget: "mappings", showWhen: { source: ["fields"] } }),
};

export const filtersSchema = z
  .array(rowFilterSchema)
  .max(20)
  .default([])
  .meta({ label: "Filters", widget: "conditions", help: "All must match. Values may use {{ }} templates." });

export const limitSchema = z.int().min(1).max(1000).default(100).meta({ label: "At most this many records", widget: "number" });
