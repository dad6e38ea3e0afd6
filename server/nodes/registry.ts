// Server-only: joins each client-safe declaration with its executor. Lookup by type.
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import type { NodeExecutor } from "./executor";
import type { NodeDefinition } from "./define-node";
import { errorTriggerRun, manualTriggerRun, scheduleTriggerRun, webhookTriggerRun } from "./run/triggers";
import { ifRun } from "./run/if";
import { switchRun } from "./run/switch";
import { setRun } from "./run/set";
import { mergeRun } from "./run/merge";
import { loopRun } from "./run/loop";
import { delayRun } from "./run/delay";
import { stopErrorRun } from "./run/stop-error";
import { logEventRun } from "./run/log-event";
import { callWorkflowRun } from "./run/call-workflow";
import { noteRun } from "./run/note";

export interface NodeRegistry extends NodeCatalogLookup {
  get(type: string): NodeDefinition | undefined;
  executor(type: string): NodeExecutor | undefined;
  definitions(): NodeDefinition[];
}

export const coreExecutors: readonly NodeExecutor[] = [
  manualTriggerRun,
  webhookTriggerRun,
  scheduleTriggerRun,
  errorTriggerRun,
  ifRun,
  switchRun,
  setRun,
  mergeRun,
  loopRun,
  delayRun,
  stopErrorRun,
  logEventRun,
  callWorkflowRun,
  noteRun,
] as unknown as readonly NodeExecutor[];

/** A registry over executors; other modules (HTTP, e-mail, data tables) pass theirs in `extra`. */
export function createRegistry(extra: readonly NodeExecutor[] = []): NodeRegistry {
  const byType = new Map<string, NodeExecutor>();
  for (const e of [...coreExecutors, ...extra]) {
    if (byType.has(e.definition.type)) throw new Error(`Node type "${e.definition.type}" is registered twice`);
    byType.set(e.definition.type, e);
  }
  return {
    get: (type) => byType.get(type)?.definition as NodeDefinition | undefined,
    executor: (type) => byType.get(type),
    definitions: () => [...byType.values()].map((e) => e.definition as NodeDefinition),
  };
}

let defaultRegistry: NodeRegistry | undefined;
/** The registry services and workers use when none is passed: core nodes until the app installs its own. */
export function getDefaultRegistry(): NodeRegistry {
  return (defaultRegistry ??= createRegistry());
}

/** Lets the app install its full registry as the default (optional; services also take one). */
export function setDefaultRegistry(registry: NodeRegistry): void {
  defaultRegistry = registry;
}
