import { z } from "zod";
import { defineNode } from "../define-node";

export const stopErrorNode = defineNode({
  type: "logic.stop",
  version: 1,
  kind: "action",
  label: "Stop with error",
  category: "Logic",
  icon: "octagon-x",
  description: "Fails the execution with a message; the error workflow runs.",
  config: z.object({
    message: z.string().min(1).max(2000).default("Stopped").meta({ label: "Message", template: true }),
    code: z.string().max(100).default("STOPPED").meta({ label: "Error code" }),
  }),
  outputs: [],
  sideEffect: false,
  canFail: false,
});
