import { z } from "zod";
import { defineNode } from "../define-node";

export const noteNode = defineNode({
  type: "note",
  version: 1,
  kind: "note",
  label: "Note",
  category: "Logic",
  icon: "sticky-note",
  description: "Documentation on the canvas; never runs.",
  config: z.object({
    text: z.string().max(20_000).default("").meta({ label: "Text", widget: "textarea" }),
    color: z.enum(["yellow", "blue", "green", "pink", "gray"]).default("yellow").meta({ label: "Color", widget: "select" }),
  }),
  outputs: [],
  sideEffect: false,
  canFail: false,
});
