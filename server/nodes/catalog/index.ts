// The client-safe catalogue: every node type's declaration, without executors.
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import { toCatalogEntry, type CatalogEntry, type NodeDefinition } from "../define-node";
import { manualTrigger } from "./manual-trigger";
import { webhookTrigger } from "./webhook-trigger";
import { scheduleTrigger } from "./schedule-trigger";
import { errorTrigger } from "./error-trigger";
import { ifNode } from "./if";
import { switchNode } from "./switch";
import { setNode } from "./set";
import { mergeNode } from "./merge";
import { loopNode } from "./loop";
import { delayNode } from "./delay";
import { stopErrorNode } from "./stop-error";
import { logEventNode } from "./log-event";
import { callWorkflowNode } from "./call-workflow";
import { noteNode } from "./note";

export {
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  errorTrigger,
  ifNode,
  switchNode,
  setNode,
  mergeNode,
  loopNode,
  delayNode,
  stopErrorNode,
  logEventNode,
  callWorkflowNode,
  noteNode,
};

export const coreNodes: readonly NodeDefinition[] = [
  manualTrigger,
  webhookTrigger,
  scheduleTrigger,
  errorTrigger,
  ifNode,
  switchNode,
  setNode,
  mergeNode,
  loopNode,
  delayNode,
  stopErrorNode,
  logEventNode,
  callWorkflowNode,
  noteNode,
] as unknown as readonly NodeDefinition[];

/** A lookup over a list of definitions (core nodes plus any added by other modules). */
export function createCatalog(defs: readonly NodeDefinition[]): NodeCatalogLookup & { all(): readonly NodeDefinition[]; entries(): CatalogEntry[] } {
  const byType = new Map<string, NodeDefinition>();
  for (const d of defs) {
    if (byType.has(d.type)) throw new Error(`Node type "${d.type}" is declared twice`);
    byType.set(d.type, d);
  }
  return {
    get: (type) => byType.get(type),
    all: () => [...byType.values()],
    entries: () => [...byType.values()].map(toCatalogEntry),
  };
}

export const coreCatalog = createCatalog(coreNodes);

export function getNodeDefinition(type: string): NodeDefinition | undefined {
  return coreCatalog.get(type) as NodeDefinition | undefined;
}
