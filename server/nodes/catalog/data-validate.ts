// Validate and Normalize: check or clean incoming items against a table's fields or inline rules.
import { z } from "zod";
import { fieldDefSchema } from "@/server/data/field-types";
import { defineNode } from "../define-node";
import { recordsSource, tableRef } from "./data-common";

const rulesSource = {
  against: z.enum(["table", "rules"]).default("table").meta({ label: "Check against", widget: "select", help: "A data table's fields, or rules written here." }),
  table: tableRef.optional().meta({ label: "Table", help: "The data table's name (e.g. Leads) or id.", showWhen: { against: ["table"] } }),
  rules: z
    .array(fieldDefSchema)
    .max(200)
    .default([])
    .meta({ label: "Rules", widget: "json", help: "Field definitions: key, label, type, required, validation and clean-up rules.", showWhen: { against: ["rules"] } }),
};

export const dataValidateConfig = z.object({
  ...rulesSource,
  ...recordsSource,
  keepOtherFields: z.boolean().default(true).meta({ label: "Keep fields that are not checked", widget: "switch" }),
});
export type DataValidateConfig = z.output<typeof dataValidateConfig>;

export const dataValidateNode = defineNode({
  type: "data.validate",
  version: 1,
  kind: "action",
  label: "Validate",
  category: "Data",
  icon: "shield-check",
  description: "Checks each item against a table's fields or your rules; invalid items go to the error output with every problem listed.",
  help: "Valid items continue cleaned up (trimmed, e-mails in lower case, phones in +E.164, dates in ISO 8601). An invalid item stops here and goes down the error output with a message per field, e.g. \"Phone: '12' is not a valid phone number for GB\". A list of items is valid only if every item is.",
  config: dataValidateConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});

export const dataNormalizeConfig = z.object({
  ...rulesSource,
  ...recordsSource,
});
export type DataNormalizeConfig = z.output<typeof dataNormalizeConfig>;

export const dataNormalizeNode = defineNode({
  type: "data.normalize",
  version: 1,
  kind: "action",
  label: "Normalize",
  category: "Data",
  icon: "sparkles",
  description: "Cleans up fields (spaces, letter case, e-mail, phone to +E.164, web addresses, dates) without rejecting anything.",
  help: "Values that cannot be cleaned up are passed on unchanged and listed in the step log; use Validate to stop them.",
  config: dataNormalizeConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});
