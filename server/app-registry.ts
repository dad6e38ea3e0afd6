import "server-only";
import { createRegistry, type NodeRegistry } from "@/server/nodes/registry";
import { respondWebhookRun } from "@/server/nodes/run/respond-webhook";
import { formTriggerRun } from "@/server/nodes/run/form-trigger";
import type { NodeExecutor } from "@/server/nodes/executor";

// The node types this app runs: the engine's core set plus the app-level ones. One registry per
// process, shared by the worker, the runs service and webhook intake.
const g = globalThis as unknown as { __switchyardRegistry?: NodeRegistry };

export const appExecutors = [respondWebhookRun, formTriggerRun] as unknown as readonly NodeExecutor[];

export function getAppRegistry(): NodeRegistry {
  g.__switchyardRegistry ??= createRegistry(appExecutors);
  return g.__switchyardRegistry;
}
