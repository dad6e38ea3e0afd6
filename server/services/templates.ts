// Installing a template: its data tables (reusing a table with the same name, adding what it
// lacks), its credentials (placeholders named "… (needs setup)", or ones the caller passes), then
// the workflow as a draft. The fields the user must fill in stay blank, so the editor's problems
// panel lists them; nothing is published here.
import type { Db } from "@/db/client";
import type { StoredGraph } from "@/db/schema";
import type { FieldDef, FieldDefInput, TableDefInput } from "@/server/data/field-types";
import { getTemplate, summarizeTemplate, workflowTemplates } from "@/server/templates";
import type { TemplateSummary, WorkflowTemplate } from "@/server/templates/types";
import type { Actor } from "./audit";
import { createCredential, listCredentials } from "./credentials";
import { applySchemaChange, createTable, loadTable, type LoadedTable } from "./data-tables";
import { ConflictError, NotFoundError } from "./errors";
import { createWorkflow, listWorkflows } from "./workflows";

export interface InstallOptions {
  /** Setup values by `${nodeId}.${field}` (the demo and tests fill them; the gallery does not). */
  values?: Record<string, string>;
  /** Existing credential ids by the template's credential key, instead of placeholders. */
  credentialIds?: Record<string, string>;
  /** Creating credentials needs the admin role; editors get the workspace default instead. */
  canCreateCredentials?: boolean;
}

export interface InstallResult {
  workflowId: string;
  workflowName: string;
  tables: { name: string; created: boolean; changes: string[] }[];
  credentials: { id: string; name: string; created: boolean; help: string }[];
  /** What is left to do, in plain words, in the order to do it. */
  todo: string[];
}

export function listTemplates(): TemplateSummary[] {
  return workflowTemplates.map(summarizeTemplate);
}

export async function installTemplate(db: Db, workspaceId: string, actor: Actor, templateId: string, opts: InstallOptions = {}): Promise<InstallResult> {
  const t = getTemplate(templateId);
  if (!t) throw new NotFoundError("The template");
  const tables = [];
  for (const def of t.tables) tables.push(await ensureTable(db, workspaceId, actor, def));
  const credentials = await ensureCredentials(db, workspaceId, actor, t, opts);
  const values = opts.values ?? {};
  const graph = t.build({ credentials: Object.fromEntries(credentials.map((c) => [c.key, c.id])), values });
  const workflowName = await freeWorkflowName(db, workspaceId, t.workflowName);
  const wf = await createWorkflow(db, workspaceId, actor, { name: workflowName, description: t.summary, tags: ["template", t.category.toLowerCase()] }, graph as unknown as StoredGraph);
  const todo = [
    ...credentials.filter((c) => c.id && /needs setup/i.test(c.name)).map((c) => `Credentials → "${c.name}": ${c.help}`),
    ...credentials.filter((c) => !c.id).map((c) => `Ask an admin to add an SMTP credential and mark it as the workspace default (${c.help})`),
    ...t.setup.filter((s) => !values[`${s.nodeId}.${s.field}`]).map((s) => `${s.label}.`),
    "Publish the workflow.",
  ];
  return {
    workflowId: wf.id,
    workflowName,
    tables: tables.map(({ table, created, changes }) => ({ name: table.def.name, created, changes })),
    credentials: credentials.filter((c) => c.id).map(({ id, name, created, help }) => ({ id, name, created, help })),
    todo,
  };
}

/** The template's table, or the workspace's table of that name with the missing fields and choices added. */
async function ensureTable(db: Db, workspaceId: string, actor: Actor, def: TableDefInput): Promise<{ table: LoadedTable; created: boolean; changes: string[] }> {
  let existing: LoadedTable | undefined;
  try {
    existing = await loadTable(db, workspaceId, def.name);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
  }
  if (!existing) {
    try {
      return { table: await createTable(db, workspaceId, actor, def), created: true, changes: [] };
    } catch (e) {
      if (!(e instanceof ConflictError)) throw e; // created in between: reuse it
      existing = await loadTable(db, workspaceId, def.name);
    }
  }
  const changes: string[] = [];
  for (const want of def.fields) {
    const have: FieldDef | undefined = existing.def.fields.find((f) => f.key === want.key);
    // Added fields are optional: existing rows have no value, and a required field would refuse them.
    let change: Parameters<typeof applySchemaChange>[4] | null = null;
    if (!have) change = { kind: "add", field: { ...want, required: false } as FieldDefInput };
    else if (have.type === "single_select" && want.type === "single_select") {
      const missing: string[] = (want.options ?? []).filter((o) => !have.options.includes(o));
      if (missing.length) change = { kind: "retype", field: { ...have, options: [...have.options, ...missing] } as FieldDefInput };
    }
    if (!change) continue;
    try {
      existing = (await applySchemaChange(db, workspaceId, { actor }, existing.id, change)).table;
      changes.push(change.kind === "add" ? `added the field "${want.label}"` : `added choices to "${want.label}"`);
    } catch (e) {
      // The workflow still installs; the user sees what to fix by hand.
      changes.push(`could not change "${want.label}": ${(e as Error).message}`);
    }
  }
  return { table: existing, created: false, changes };
}

async function ensureCredentials(db: Db, workspaceId: string, actor: Actor, t: WorkflowTemplate, opts: InstallOptions) {
  const out: { key: string; id: string; name: string; created: boolean; help: string }[] = [];
  for (const c of t.credentials) {
    const given = opts.credentialIds?.[c.key];
    if (given) {
      out.push({ key: c.key, id: given, name: c.name, created: false, help: c.help });
      continue;
    }
    // Installing the same template twice reuses the placeholder instead of failing on its name.
    const same = (await listCredentials(db, workspaceId, c.type)).find((x) => x.name.toLowerCase() === c.name.toLowerCase());
    if (same) out.push({ key: c.key, id: same.id, name: same.name, created: false, help: c.help });
    else if (opts.canCreateCredentials === false) out.push({ key: c.key, id: "", name: c.name, created: false, help: c.help });
    else {
      const made = await createCredential(db, workspaceId, actor, { name: c.name, type: c.type, settings: c.settings });
      out.push({ key: c.key, id: made.id, name: made.name, created: true, help: c.help });
    }
  }
  return out;
}

async function freeWorkflowName(db: Db, workspaceId: string, base: string): Promise<string> {
  const taken = new Set((await listWorkflows(db, workspaceId, { search: base })).map((w) => w.name.toLowerCase()));
  if (!taken.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base} (${i})`.toLowerCase())) return `${base} (${i})`;
}
