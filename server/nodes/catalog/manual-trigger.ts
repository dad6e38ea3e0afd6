import { z } from "zod";
import { defineNode } from "../define-node";

export const manualTrigger = defineNode({
  type: "trigger.manual",
  version: 1,
  kind: "trigger",
  triggerKind: "manual",
  label: "Manual trigger",
  category: "Triggers",
  icon: "play",
  description: "Starts the workflow when someone clicks Run.",
  help: "Use it to test a workflow by hand. The test data below becomes `trigger` in expressions.",
  config: z.object({
    testData: z.string().max(100_000).optional().meta({ label: "Test data (JSON)", widget: "json", help: "Sent as the trigger payload of test runs." }),
  }),
  outputs: ["main"],
  sideEffect: false,
  canFail: false,
});
