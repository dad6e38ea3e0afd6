import { z } from "zod";
import { defineNode } from "../define-node";

export const logEventNode = defineNode({
  type: "data.log",
  version: 1,
  kind: "action",
  label: "Log event",
  category: "Notifications",
  icon: "scroll-text",
  description: "Writes a structured entry to the execution log; the input passes through.",
  config: z.object({
    level: z.enum(["info", "warn", "error"]).default("info").meta({ label: "Level", widget: "select" }),
    message: z.string().min(1).max(2000).meta({ label: "Message", template: true }),
    data: z.string().max(100_000).default("").meta({ label: "Data", template: true, widget: "expression", help: "Optional structured data, e.g. {{ { \"id\": trigger.body.id } }}" }),
  }),
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});
