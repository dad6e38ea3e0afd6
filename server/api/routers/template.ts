import { z } from "zod";
import { roleAtLeast } from "@/server/services/roles";
import * as templates from "@/server/services/templates";
import { editorProcedure, router, viewerProcedure } from "../trpc";

export const templateRouter = router({
  /** The gallery: every template with its description, steps and what it needs. */
  list: viewerProcedure.query(() => templates.listTemplates()),
  /** Creates the template's tables, placeholder credentials (admins only) and a draft workflow. */
  install: editorProcedure
    .input(z.object({ id: z.string().min(1).max(100) }))
    .mutation(({ ctx, input }) => templates.installTemplate(ctx.db, ctx.workspaceId, ctx.actor, input.id, { canCreateCredentials: roleAtLeast(ctx.role, "admin") })),
});
