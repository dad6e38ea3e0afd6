import { z } from "zod";
import * as workflows from "@/server/services/workflows";
import * as publishing from "@/server/services/publishing";
import { getAppRegistry } from "@/server/app-registry";
import { createWorkflowInput, listWorkflowsInput, updateWorkflowInput } from "@/server/services/workflow-inputs";
import { editorProcedure, router, viewerProcedure } from "../trpc";

const id = z.object({ id: z.string().uuid("Not a workflow id") });

export const workflowRouter = router({
  list: viewerProcedure.input(listWorkflowsInput).query(({ ctx, input }) => workflows.listWorkflows(ctx.db, ctx.workspaceId, input)),
  tags: viewerProcedure.query(({ ctx }) => workflows.listWorkflowTags(ctx.db, ctx.workspaceId)),
  get: viewerProcedure.input(id).query(({ ctx, input }) => workflows.getWorkflow(ctx.db, ctx.workspaceId, input.id)),
  create: editorProcedure.input(createWorkflowInput).mutation(({ ctx, input }) => workflows.createWorkflow(ctx.db, ctx.workspaceId, ctx.actor, input)),
  update: editorProcedure
    .input(id.extend({ patch: updateWorkflowInput }))
    .mutation(({ ctx, input }) => workflows.updateWorkflow(ctx.db, ctx.workspaceId, ctx.actor, input.id, input.patch)),
  duplicate: editorProcedure.input(id).mutation(({ ctx, input }) => workflows.duplicateWorkflow(ctx.db, ctx.workspaceId, ctx.actor, input.id)),
  delete: editorProcedure.input(id).mutation(({ ctx, input }) => workflows.deleteWorkflow(ctx.db, ctx.workspaceId, ctx.actor, input.id)),
  restore: editorProcedure.input(id).mutation(({ ctx, input }) => workflows.restoreWorkflow(ctx.db, ctx.workspaceId, ctx.actor, input.id)),
  saveDraft: editorProcedure
    .input(id.extend({ graph: z.record(z.string(), z.unknown()), baseRevision: z.number().int().positive() }))
    .mutation(({ ctx, input }) => workflows.saveDraft(ctx.db, ctx.workspaceId, ctx.actor, input.id, input.graph, input.baseRevision)),
  publish: editorProcedure
    .input(id.extend({ note: z.string().max(1000).optional(), baseRevision: z.number().int().positive().optional() }))
    .mutation(({ ctx, input }) => publishing.publishWorkflow(ctx.db, ctx.workspaceId, ctx.actor, input.id, { note: input.note, baseRevision: input.baseRevision }, { registry: getAppRegistry(ctx.db) })),
  versions: viewerProcedure.input(id).query(({ ctx, input }) => publishing.listVersions(ctx.db, ctx.workspaceId, input.id)),
  version: viewerProcedure
    .input(id.extend({ version: z.number().int().positive() }))
    .query(({ ctx, input }) => publishing.getVersion(ctx.db, ctx.workspaceId, input.id, input.version)),
  /** What the editor's problems panel needs to lint exactly as publishing does. */
  lintSettings: viewerProcedure
    .input(z.object({ id: z.string().uuid().optional() }).optional())
    .query(({ ctx, input }) => publishing.getLintSettings(ctx.db, ctx.workspaceId, input?.id)),
});
