// What a template is: a graph builder plus everything the graph needs to run (data tables,
// credentials) and the plain-language text the gallery shows. Client-safe: only types, the table
// definitions and pure builders live here, so the gallery can describe a template without a
// round trip and the unit tests can validate the graphs without a database.
import type { CredentialType } from "@/db/schema";
import type { TableDefInput } from "@/server/data/field-types";
import type { WorkflowGraphInput } from "@/server/engine/graph";

/** A field the user must fill in after installing; left blank so the problems panel lists it. */
export interface TemplateSetupField {
  nodeId: string;
  /** Config key inside the node (top level). */
  field: string;
  /** What to enter, in plain words, as the gallery shows it. */
  label: string;
  /** A value that makes the graph complete; the unit tests and the demo use it. */
  example: string;
}

/** A credential the template creates as a clearly named placeholder ("… (needs setup)"). */
export interface TemplateCredential {
  /** Name inside the template, e.g. "smtp"; the builder receives the created id under it. */
  key: string;
  type: CredentialType;
  name: string;
  /** Placeholder settings: valid, obviously fake values the user replaces. */
  settings: Record<string, unknown>;
  /** What to change, shown in the gallery and in the install result. */
  help: string;
}

export interface TemplateBuildInput {
  /** Credential ids by TemplateCredential.key. */
  credentials: Record<string, string>;
  /** Setup values by `${nodeId}.${field}`; missing ones stay blank. */
  values: Record<string, string>;
}

export interface WorkflowTemplate {
  id: string;
  name: string;
  /** One sentence for the card. */
  summary: string;
  /** A few sentences for the details: what it does, step by step, in plain words. */
  description: string;
  category: "Sales" | "Finance" | "Support" | "Reporting";
  /** The workflow name given on install. */
  workflowName: string;
  tables: readonly TableDefInput[];
  credentials: readonly TemplateCredential[];
  setup: readonly TemplateSetupField[];
  build(input: TemplateBuildInput): WorkflowGraphInput;
}

/** What the gallery lists (no builder, serializable over tRPC). */
export interface TemplateSummary {
  id: string;
  name: string;
  summary: string;
  description: string;
  category: WorkflowTemplate["category"];
  steps: string[];
  tables: string[];
  credentials: { name: string; help: string }[];
  setup: string[];
}

type NodeOpts = { notes?: string; onError?: "fail" | "continue"; retry?: { maxAttempts?: number } };

/** A graph node at a grid position (columns of 280 px, rows of 140 px) so the canvas reads left to right. */
export function step(id: string, type: string, name: string, col: number, row: number, config: Record<string, unknown> = {}, opts: NodeOpts = {}) {
  return { id, type, name, position: { x: col * 280, y: row * 140 }, config, notes: opts.notes ?? "", ...(opts.onError ? { onError: opts.onError } : {}), ...(opts.retry ? { retry: opts.retry } : {}) };
}

export function link(source: string, target: string, sourceHandle = "main") {
  return { id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target };
}

/** A setup value, or "" so that the field shows up as "required" in the problems panel. */
export function setupValue(input: TemplateBuildInput, nodeId: string, field: string): string {
  return input.values[`${nodeId}.${field}`] ?? "";
}

/** The graph a template builds when every setup field gets its example value. */
export function exampleInput(t: WorkflowTemplate): TemplateBuildInput {
  const credentials = Object.fromEntries(t.credentials.map((c) => [c.key, `00000000-0000-4000-8000-00000000000${t.credentials.indexOf(c)}`]));
  return { credentials, values: Object.fromEntries(t.setup.map((s) => [`${s.nodeId}.${s.field}`, s.example])) };
}
