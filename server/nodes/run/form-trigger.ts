import "server-only";
import { defineExecutor } from "../executor";
import { formTrigger } from "../catalog/form-trigger";

/** Like every trigger, it emits the payload the execution started with. */
export const formTriggerRun = defineExecutor(formTrigger, async (ctx) => ({ output: ctx.trigger }));
