// Publishing freezes the draft as the next immutable numbered version. Production triggers run the
// published version; the draft keeps changing. The linter decides what blocks publishing, with
// the same rules the editor shows, so "Publish" never fails for a reason the editor did not show.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users, workflows, workflowVersions, workspaces } from "@/db/schema";
import { getDefaultRegistry, type NodeRegistry } from "@/server/nodes/registry";
import { recordAudit, type Actor } from "./audit";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import { hasBlockingIssues, lintSettingsFrom, lintWorkflow, type LintIssue, type LintSettings } from "./lint";
import { triggerSourcesOf, type TriggerSource } from "./lint-overlap";
import { forgetTriggerTargets } from "./webhook-target";

export interface PublishInput {
  note?: string;
  /** The draft revision the user looked at; publishing refuses if the draft changed since. */
  baseRevision?: number;
}

export interface PublishingDeps {
  registry?: NodeRegistry;
}

export async function getLintSettings(db: Db, workspaceId: string, workflowId?: string): Promise<LintSettings> {
  const [ws] = await db.select({ settings: workspaces.settings }).from(workspaces).where(eq(workspaces.id, workspaceId));
  const settings = lintSettingsFrom(ws?.settings);
  if (workflowId) settings.otherTriggerSources = await otherTriggerSources(db, workspaceId, workflowId);
  return settings;
}

/** The webhook/form trigger sources of the workspace's other (not deleted) workflows' drafts. */
async function otherTriggerSources(db: Db, workspaceId: string, workflowId: string): Promise<TriggerSource[]> {
  const rows = await db
    .select({ name: workflows.name, graph: workflows.draftGraph })
    .from(workflows)
    .where(
      and(
        eq(workflows.workspaceId, workspaceId),
        isNull(workflows.deletedAt),
        sql`${workflows.id} <> ${workflowId}`,
        sql`(${workflows.draftGraph} @> '{"nodes":[{"type":"trigger.webhook"}]}'::jsonb or ${workflows.draftGraph} @> '{"nodes":[{"type":"trigger.form"}]}'::jsonb)`,
      ),
    );
  return rows.flatMap((r) => triggerSourcesOf(r.graph).map((source) => ({ source, workflowName: r.name })));
}

/** The linter run the way publishing runs it (server registry, workspace settings). */
export async function lintDraft(db: Db, workspaceId: string, graph: unknown, deps: PublishingDeps = {}): Promise<LintIssue[]> {
  const registry = deps.registry ?? getDefaultRegistry();
  return lintWorkflow(graph, (t) => registry.get(t), await getLintSettings(db, workspaceId));
}

export async function publishWorkflow(db: Db, workspaceId: string, actor: Actor, id: string, input: PublishInput = {}, deps: PublishingDeps = {}) {
  const note = (input.note ?? "").trim();
  if (note.length > 1000) throw new ValidationError("The note is too long (1,000 characters at most)", [{ path: "note", message: "At most 1,000 characters" }]);
  const settings = await getLintSettings(db, workspaceId, id);
  const registry = deps.registry ?? getDefaultRegistry();
  const published = await db.transaction(async (tx) => {
    // Row lock: two people publishing at once get consecutive versions, never the same number.
    const [wf] = await tx
      .select({ id: workflows.id, name: workflows.name, draft: workflows.draftGraph, revision: workflows.draftRevision })
      .from(workflows)
      .where(and(eq(workflows.id, id), eq(workflows.workspaceId, workspaceId), isNull(workflows.deletedAt)))
      .for("update");
    if (!wf) throw new NotFoundError("Workflow");
    if (input.baseRevision !== undefined && input.baseRevision !== wf.revision) {
      throw new ConflictError(`The draft changed (revision ${wf.revision}) since you looked at it (revision ${input.baseRevision}). Reload before publishing.`);
    }
    const issues = lintWorkflow(wf.draft, (t) => registry.get(t), settings);
    if (hasBlockingIssues(issues)) {
      const errors = issues.filter((i) => i.severity === "error");
      throw new ValidationError(
        errors.length === 1 ? `Fix this problem before publishing: ${errors[0]!.message}` : `Fix ${errors.length} problems before publishing`,
        errors.map((i) => ({ path: i.path ?? "", message: i.message, ...(i.nodeId ? { nodeId: i.nodeId } : {}) })),
      );
    }
    const [{ next }] = (await tx
      .select({ next: sql<number>`coalesce(max(${workflowVersions.version}), 0) + 1` })
      .from(workflowVersions)
      .where(eq(workflowVersions.workflowId, id))) as [{ next: number }];
    const version = Number(next);
    const [row] = await tx
      .insert(workflowVersions)
      .values({ workspaceId, workflowId: id, version, graph: wf.draft, note, createdBy: actor.id })
      .returning({ createdAt: workflowVersions.createdAt });
    await tx.update(workflows).set({ publishedVersion: version, status: "active", updatedAt: new Date() }).where(eq(workflows.id, id));
    await recordAudit(tx, workspaceId, actor, {
      action: "workflow.publish",
      targetType: "workflow",
      targetId: id,
      summary: `Published version ${version} of "${wf.name}"${note ? `: ${note}` : ""}`,
      details: { version, draftRevision: wf.revision, warnings: issues.length },
    });
    return { version, publishedAt: row!.createdAt, warnings: issues };
  });
  forgetTriggerTargets();
  return published;
}

export async function listVersions(db: Db, workspaceId: string, workflowId: string) {
  return db
    .select({
      version: workflowVersions.version,
      note: workflowVersions.note,
      createdAt: workflowVersions.createdAt,
      authorName: users.name,
    })
    .from(workflowVersions)
    .leftJoin(users, eq(users.id, workflowVersions.createdBy))
    .where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.workspaceId, workspaceId)))
    .orderBy(desc(workflowVersions.version))
    .limit(500);
}

export async function getVersion(db: Db, workspaceId: string, workflowId: string, version: number) {
  const [v] = await db
    .select({
      version: workflowVersions.version,
      note: workflowVersions.note,
      graph: workflowVersions.graph,
      createdAt: workflowVersions.createdAt,
      authorName: users.name,
    })
    .from(workflowVersions)
    .leftJoin(users, eq(users.id, workflowVersions.createdBy))
    .where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.workspaceId, workspaceId), eq(workflowVersions.version, version)));
  if (!v) throw new NotFoundError(`Version ${version}`);
  return v;
}
