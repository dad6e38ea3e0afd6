import { forgetTriggerTargets } from "./webhook-target";
import { and, desc, eq, ilike, isNotNull, isNull, or, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { users, workflows, type StoredGraph } from "@/db/schema";
import { recordAudit, type Actor } from "./audit";
import { syncWebhookEndpoints } from "./webhook-endpoints";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import {
  createWorkflowInput,
  listWorkflowsInput,
  updateWorkflowInput,
  type CreateWorkflowInput,
  type ListWorkflowsInput,
  type UpdateWorkflowInput,
} from "./workflow-inputs";

export const emptyGraph = (): StoredGraph => ({ schemaVersion: 1, nodes: [], edges: [] });

function parseOrThrow<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues[0]?.message ?? "Invalid input",
    r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
  );
}

const summaryColumns = {
  id: workflows.id,
  name: workflows.name,
  description: workflows.description,
  tags: workflows.tags,
  status: workflows.status,
  publishedVersion: workflows.publishedVersion,
  draftRevision: workflows.draftRevision,
  updatedAt: workflows.updatedAt,
  createdAt: workflows.createdAt,
  updatedByName: users.name,
};

export async function listWorkflows(db: Db, workspaceId: string, filter: ListWorkflowsInput = {}) {
  const f = parseOrThrow(listWorkflowsInput, filter);
  const conds: (SQL | undefined)[] = [eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt)];
  if (f.search) {
    const pattern = `%${f.search.replace(/[\\%_]/g, (c) => "\\" + c)}%`;
    conds.push(or(ilike(workflows.name, pattern), ilike(workflows.description, pattern)));
  }
  if (f.tag) conds.push(sql`${workflows.tags} @> ${JSON.stringify([f.tag])}::jsonb`);
  if (f.status) conds.push(eq(workflows.status, f.status));
  return db
    .select(summaryColumns)
    .from(workflows)
    .leftJoin(users, eq(users.id, workflows.updatedBy))
    .where(and(...conds))
    .orderBy(desc(workflows.updatedAt))
    .limit(500);
}

/** Every tag in use in the workspace, for the filter menu. */
export async function listWorkflowTags(db: Db, workspaceId: string): Promise<string[]> {
  const rows = await queryRows<{ tag: string }>(
    db,
    sql`select distinct jsonb_array_elements_text(${workflows.tags}) as tag from ${workflows}
        where ${workflows.workspaceId} = ${workspaceId} and ${workflows.deletedAt} is null order by 1`,
  );
  return rows.map((r) => r.tag);
}

export async function getWorkflow(db: Db, workspaceId: string, id: string) {
  const [wf] = await db
    .select()
    .from(workflows)
    .where(and(eq(workflows.id, id), eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt)));
  if (!wf) throw new NotFoundError("Workflow");
  return wf;
}

export async function createWorkflow(db: Db, workspaceId: string, actor: Actor, input: CreateWorkflowInput, graph: StoredGraph = emptyGraph()) {
  const data = parseOrThrow(createWorkflowInput, input);
  return db.transaction(async (tx) => {
    const [wf] = await tx
      .insert(workflows)
      .values({ ...data, workspaceId, draftGraph: graph, createdBy: actor.id, updatedBy: actor.id })
      .returning();
    await syncWebhookEndpoints(tx, workspaceId, wf!.id, graph);
    await recordAudit(tx, workspaceId, actor, {
      action: "workflow.create",
      targetType: "workflow",
      targetId: wf!.id,
      summary: `Created workflow "${wf!.name}"`,
    });
    return wf!;
  });
}

export async function updateWorkflow(db: Db, workspaceId: string, actor: Actor, id: string, input: UpdateWorkflowInput) {
  const data = parseOrThrow(updateWorkflowInput, input);
  const updated = await db.transaction(async (tx) => {
    const before = await getWorkflow(tx, workspaceId, id);
    const [wf] = await tx
      .update(workflows)
      .set({ ...data, updatedBy: actor.id, updatedAt: new Date() })
      .where(and(eq(workflows.id, id), eq(workflows.workspaceId, workspaceId)))
      .returning();
    const changes: string[] = [];
    if (data.name !== undefined && data.name !== before.name) changes.push(`renamed "${before.name}" to "${data.name}"`);
    if (data.description !== undefined && data.description !== before.description) changes.push("changed the description");
    if (data.tags !== undefined && JSON.stringify(data.tags) !== JSON.stringify(before.tags)) changes.push(`set tags to ${data.tags.join(", ") || "none"}`);
    if (changes.length > 0) {
      await recordAudit(tx, workspaceId, actor, {
        action: data.name !== undefined && data.name !== before.name ? "workflow.rename" : "workflow.update",
        targetType: "workflow",
        targetId: id,
        summary: changes.join("; "),
        details: { before: { name: before.name, tags: before.tags }, after: data },
      });
    }
    return wf!;
  });
  forgetTriggerTargets();
  return updated;
}

export async function duplicateWorkflow(db: Db, workspaceId: string, actor: Actor, id: string) {
  const src = await getWorkflow(db, workspaceId, id);
  const copyName = `${src.name} (copy)`.slice(0, 120);
  return createWorkflow(db, workspaceId, actor, { name: copyName, description: src.description, tags: src.tags }, src.draftGraph);
}

export async function deleteWorkflow(db: Db, workspaceId: string, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const wf = await getWorkflow(tx, workspaceId, id);
    await tx.update(workflows).set({ deletedAt: new Date() }).where(and(eq(workflows.id, id), eq(workflows.workspaceId, workspaceId)));
    await recordAudit(tx, workspaceId, actor, { action: "workflow.delete", targetType: "workflow", targetId: id, summary: `Deleted workflow "${wf.name}"` });
  });
  forgetTriggerTargets();
}

/** Undo of a soft delete. */
export async function restoreWorkflow(db: Db, workspaceId: string, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [wf] = await tx
      .update(workflows)
      .set({ deletedAt: null })
      .where(and(eq(workflows.id, id), eq(workflows.workspaceId, workspaceId), isNotNull(workflows.deletedAt)))
      .returning({ name: workflows.name });
    if (!wf) throw new NotFoundError("Deleted workflow");
    await recordAudit(tx, workspaceId, actor, { action: "workflow.restore", targetType: "workflow", targetId: id, summary: `Restored workflow "${wf.name}"` });
  });
  forgetTriggerTargets();
}

/**
 * Saves the draft graph if nobody saved since `baseRevision`; otherwise refuses, so an editor
 * never overwrites a colleague's work silently.
 */
export async function saveDraft(db: Db, workspaceId: string, actor: Actor, id: string, graph: StoredGraph, baseRevision: number) {
  const wf = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(workflows)
      .set({ draftGraph: graph, draftRevision: sql`${workflows.draftRevision} + 1`, updatedBy: actor.id, updatedAt: new Date() })
      .where(and(eq(workflows.id, id), eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt), eq(workflows.draftRevision, baseRevision)))
      .returning({ draftRevision: workflows.draftRevision, updatedAt: workflows.updatedAt });
    if (row) await syncWebhookEndpoints(tx, workspaceId, id, graph);
    return row;
  });
  if (wf) return wf;
  const current = await getWorkflow(db, workspaceId, id);
  throw new ConflictError(
    `Someone else saved this workflow (revision ${current.draftRevision}) after you opened it (revision ${baseRevision}). Reload to see their changes.`,
  );
}
