// The product's whole client-safe catalogue: the engine's core nodes plus the app's trigger,
// data, integration and notification nodes. The editor's palette, forms and linter read this;
// the server's registry (server/app-registry.ts) must have an executor for every entry.
import type { NodeDefinition } from "../define-node";
import { coreNodes, createCatalog } from "./index";
import { formTrigger } from "./form-trigger";
import { respondWebhookNode } from "./respond-webhook";
import { dataNodes } from "./data-dedupe-aggregate";
import { httpRequestNode } from "./http-request";
import { sendEmailNode } from "./send-email";
import { notifyNode } from "./notify";

export const productNodes: readonly NodeDefinition[] = [
  ...coreNodes,
  formTrigger,
  respondWebhookNode,
  ...dataNodes,
  httpRequestNode,
  sendEmailNode,
  notifyNode,
] as unknown as readonly NodeDefinition[];

export const productCatalog = createCatalog(productNodes);

export function getProductNode(type: string): NodeDefinition | undefined {
  return productCatalog.get(type) as NodeDefinition | undefined;
}
