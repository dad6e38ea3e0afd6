import "server-only";
import type { Db } from "@/db/client";
import { createRegistry, type NodeRegistry } from "@/server/nodes/registry";
import { respondWebhookRun } from "@/server/nodes/run/respond-webhook";
import { formTriggerRun } from "@/server/nodes/run/form-trigger";
import { createDataExecutors } from "@/server/nodes/data/executors";
import { createIntegrationExecutors } from "@/server/nodes/integrations/executors";
import type { NodeExecutor } from "@/server/nodes/executor";

/**
 * Every node type the product runs: the engine's core set plus the app's (respond, form, data,
 * integrations), whose executors need the database. Built once per process (the integration
 * executors hold the in-process circuit breakers); on globalThis because Next.js bundles route
 * handlers and instrumentation separately.
 */
export function createAppRegistry(db: Db, extra: readonly NodeExecutor[] = []): NodeRegistry {
  return createRegistry([
    respondWebhookRun,
    formTriggerRun,
    ...createDataExecutors(db),
    ...createIntegrationExecutors(db),
    ...extra,
  ] as unknown as readonly NodeExecutor[]);
}

const g = globalThis as unknown as { __switchyardRegistry?: NodeRegistry };

export function getAppRegistry(db: Db): NodeRegistry {
  g.__switchyardRegistry ??= createAppRegistry(db);
  return g.__switchyardRegistry;
}
