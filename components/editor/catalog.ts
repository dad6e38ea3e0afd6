// The node catalogue as the editor sees it: the product's whole client-safe catalogue.
import { getProductNode, productCatalog } from "@/server/nodes/catalog/all";
import type { CatalogEntry, NodeDefinition } from "@/server/nodes/define-node";

export const catalogEntries = (): CatalogEntry[] => productCatalog.entries();
export const definitionOf = (type: string): NodeDefinition | undefined => getProductNode(type);
