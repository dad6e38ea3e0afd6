import { z } from "zod";
import { defineNode } from "../define-node";

export const setConfigSchema = z.object({
  mode: z.enum(["fields", "json"]).default("fields").meta({ label: "Mode", widget: "select" }),
  fields: z
    .array(
      z.object({
        name: z.string().min(1).max(200).meta({ label: "Field", help: "Dots create nested objects: customer.email" }),
        value: z.string().max(100_000).meta({ label: "Value", template: true }),
      }),
    )
    .default([])
    .meta({ label: "Fields", widget: "mappings", showWhen: { mode: ["fields"] } }),
  keepInput: z.boolean().default(false).meta({ label: "Keep input fields", widget: "switch", showWhen: { mode: ["fields"] } }),
  json: z.string().max(100_000).default("").meta({ label: "Output", widget: "expression", template: true, help: "A template whose value becomes the output, e.g. {{ { \"id\": trigger.id } }}", showWhen: { mode: ["json"] } }),
});

export const setNode = defineNode({
  type: "data.set",
  version: 1,
  kind: "action",
  label: "Set / Transform",
  category: "Data",
  icon: "pencil",
  description: "Builds a new object from fields mapped with {{ }} templates.",
  config: setConfigSchema,
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});
