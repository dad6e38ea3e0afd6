import { defineExecutor } from "../executor";
import { errorTrigger, manualTrigger, scheduleTrigger, webhookTrigger } from "../catalog";

// A trigger's output is the payload the execution started with.
const emitTrigger = async (ctx: { trigger: unknown }) => ({ output: ctx.trigger });

export const manualTriggerRun = defineExecutor(manualTrigger, emitTrigger);
export const webhookTriggerRun = defineExecutor(webhookTrigger, emitTrigger);
export const scheduleTriggerRun = defineExecutor(scheduleTrigger, emitTrigger);
export const errorTriggerRun = defineExecutor(errorTrigger, emitTrigger);
