import { z } from "zod";
import { defineNode } from "../define-node";

export const loopConfigSchema = z.object({
  items: z.string().max(10_000).default("").meta({ label: "Items", template: true, help: "A template giving the list, e.g. {{ trigger.body.orders }}. Empty: the incoming data." }),
  concurrency: z.number().int().min(1).max(100).default(1).meta({ label: "Items at a time", widget: "number" }),
  maxItems: z.number().int().min(1).max(100_000).default(10_000).meta({ label: "Maximum items" }),
});

export const loopNode = defineNode({
  type: "logic.loop",
  version: 1,
  kind: "loop",
  label: "Loop over items",
  category: "Logic",
  icon: "repeat",
  description: "Runs the steps on its item output once per item, then continues on done with the results.",
  help: "Connect the last step of the body back to the loop to return a result per item (otherwise the body's last output is used). A failed item goes to the error output; the other items go on.",
  config: loopConfigSchema,
  outputs: ["item", "done"],
  sideEffect: false,
  canFail: true,
});
