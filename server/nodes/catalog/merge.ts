import { z } from "zod";
import { defineNode } from "../define-node";

export const mergeConfigSchema = z.object({
  mode: z.enum(["append", "position", "key"]).default("append").meta({ label: "Combine", widget: "select", help: "append: one list; position: item n with item n; key: items with equal key." }),
  key: z.string().max(200).default("id").meta({ label: "Key field", showWhen: { mode: ["key"] } }),
});

export const mergeNode = defineNode({
  type: "logic.merge",
  version: 1,
  kind: "action",
  label: "Merge",
  category: "Logic",
  icon: "merge",
  description: "Waits for all incoming branches and combines their data.",
  help: "Branches that were not taken count as arrived, so Merge never waits forever. Inputs are combined in the order of the connections.",
  config: mergeConfigSchema,
  outputs: ["main"],
  sideEffect: false,
  canFail: false,
});
