import { z } from "zod";
import { defineNode } from "../define-node";

export const MAX_WORKFLOW_DEPTH = 10;

export const callWorkflowNode = defineNode({
  type: "logic.callWorkflow",
  version: 1,
  kind: "action",
  label: "Call workflow",
  category: "Logic",
  icon: "workflow",
  description: "Runs another published workflow of this workspace and waits for its result.",
  help: `The called workflow starts from its Manual trigger with the input as \`trigger\`. Calls nest at most ${MAX_WORKFLOW_DEPTH} deep.`,
  config: z.object({
    workflowId: z.uuid().meta({ label: "Workflow", widget: "workflow" }),
    input: z.string().max(100_000).default("").meta({ label: "Input", template: true, widget: "expression", help: "Empty: the incoming data." }),
    waitForResult: z.boolean().default(true).meta({ label: "Wait for the result", widget: "switch" }),
  }),
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
});
