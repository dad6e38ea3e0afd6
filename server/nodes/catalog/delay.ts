import { z } from "zod";
import { defineNode } from "../define-node";

export const delayConfigSchema = z.object({
  mode: z.enum(["duration", "until"]).default("duration").meta({ label: "Wait", widget: "select" }),
  amount: z.number().min(0).max(1_000_000).default(1).meta({ label: "Amount", showWhen: { mode: ["duration"] } }),
  unit: z.enum(["seconds", "minutes", "hours", "days"]).default("minutes").meta({ label: "Unit", showWhen: { mode: ["duration"] } }),
  until: z.string().max(1000).default("").meta({ label: "Until", widget: "datetime", template: true, help: "An ISO date-time or a template, e.g. {{ trigger.body.sendAt }}", showWhen: { mode: ["until"] } }),
});

export const delayNode = defineNode({
  type: "logic.delay",
  version: 1,
  kind: "action",
  label: "Delay / Wait until",
  category: "Logic",
  icon: "hourglass",
  description: "Pauses this branch for a duration or until a date; no worker is held while waiting.",
  config: delayConfigSchema,
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});
