import { z } from "zod";
import { defineNode } from "../define-node";

export const errorTrigger = defineNode({
  type: "trigger.error",
  version: 1,
  kind: "trigger",
  triggerKind: "error",
  label: "Error trigger",
  category: "Triggers",
  icon: "alert-triangle",
  description: "Starts when a workflow that uses this one as its error handler fails.",
  help: "`trigger` holds `workflow` (id, name), `execution` (id, mode), `failedNode` (id, name, type) and `error` (message, code). A workflow's own Error trigger handles its own failures unless another error workflow is set.",
  config: z.object({}),
  outputs: ["main"],
  sideEffect: false,
  canFail: false,
});
