// One declaration per node type. This file and server/nodes/catalog/** are client-safe: the
// editor imports them for the palette, the config form (z.toJSONSchema + .meta hints) and the
// validator. Executors live in server/nodes/run/** and are joined in registry.ts (server only).
import type { z } from "zod";
import type { NodeKind, NodeSpec } from "@/server/engine/node-spec";
import type { RetryPolicy } from "@/server/engine/retry";

export type NodeCategory = "Triggers" | "Logic" | "Data" | "Integrations" | "Notifications";

export type FieldWidget =
  | "text"
  | "textarea"
  | "number"
  | "switch"
  | "select"
  | "json"
  | "expression"
  | "conditions"
  | "mappings"
  | "routes"
  | "workflow"
  | "datetime"
  | "keyvalue"
  /** Picks a credential of the workspace (types in `credentialTypes`); stores its id. */
  | "credential";

/** Hints for the generic config form, attached with `.meta({...})` on each field. */
export interface FieldMeta {
  label?: string;
  help?: string;
  widget?: FieldWidget;
  /** The value is a template: text mixed with {{ expression }} parts, rendered before the node runs. */
  template?: boolean;
  placeholder?: string;
  /** Show the field only when sibling fields have one of these values. */
  showWhen?: Record<string, readonly unknown[]>;
  /** For widget "credential": which credential types fit. */
  credentialTypes?: readonly string[];
}

declare module "zod" {
  // Typed `.meta()` for every schema (zod.dev/metadata).
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface GlobalMeta extends FieldMeta {}
}

export interface NodeDeclaration<C extends z.ZodType = z.ZodType> {
  type: string;
  /** Bump and add a new declaration when the config shape breaks; old graphs keep the old one. */
  version: number;
  kind: NodeKind;
  label: string;
  category: NodeCategory;
  /** A string key; the UI maps it to an icon component. */
  icon: string;
  description: string;
  /** Longer help shown in the config panel and the generated docs. */
  help?: string;
  config: C;
  /** Output handles (without `error`); a function when they depend on the config (Switch). */
  outputs: readonly string[] | ((config: z.output<C>) => readonly string[]);
  /** Talks to the outside world: its output is committed before anything after it starts. */
  sideEffect: boolean;
  /** Can fail after its retries: gets an `error` output handle. */
  canFail: boolean;
  /** Default retry policy; users override it per node. Absent = run once. */
  retry?: Partial<RetryPolicy>;
  /** For triggers: the start reason this trigger answers. */
  triggerKind?: "manual" | "webhook" | "schedule" | "error";
  /** Expressions (not templates) stored in the config, for static checking. */
  expressions?: (config: z.output<C>) => Array<{ path: string; source: string }>;
  /** Describes the output for the expression picker (optional). */
  output?: z.ZodType;
}

export type NodeDefinition<C extends z.ZodType = z.ZodType> = Omit<NodeDeclaration<C>, "outputs" | "expressions"> &
  NodeSpec & {
    config: C;
    /** The declared outputs when they do not depend on the config; null otherwise. */
    staticOutputs: readonly string[] | null;
  };

export function defineNode<C extends z.ZodType>(decl: NodeDeclaration<C>): NodeDefinition<C> {
  const outs = decl.outputs;
  const expressions = decl.expressions;
  return {
    ...decl,
    staticOutputs: typeof outs === "function" ? null : outs,
    // The engine calls outputs() with stored (maybe invalid) config, so failures fall back to none.
    outputs: (config: unknown) => {
      if (typeof outs !== "function") return outs;
      const parsed = decl.config.safeParse(config);
      return parsed.success ? outs(parsed.data) : [];
    },
    expressions: expressions
      ? (config: unknown) => {
          const parsed = decl.config.safeParse(config);
          return parsed.success ? expressions(parsed.data) : [];
        }
      : undefined,
  } as NodeDefinition<C>;
}

/** What the palette needs: no schemas, no functions. */
export interface CatalogEntry {
  type: string;
  version: number;
  kind: NodeKind;
  label: string;
  category: NodeCategory;
  icon: string;
  description: string;
  help?: string;
  sideEffect: boolean;
  canFail: boolean;
  /** Static outputs; null when they depend on the config. */
  outputs: readonly string[] | null;
}

export function toCatalogEntry(def: NodeDefinition): CatalogEntry {
  const { type, version, kind, label, category, icon, description, help, sideEffect, canFail } = def;
  return { type, version, kind, label, category, icon, description, help, sideEffect, canFail, outputs: def.staticOutputs };
}
