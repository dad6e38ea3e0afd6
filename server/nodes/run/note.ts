import { defineExecutor } from "../executor";
import { noteNode } from "../catalog/note";

export const noteRun = defineExecutor(noteNode, async () => ({ output: null }));
