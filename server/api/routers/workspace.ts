import { z } from "zod";
import { ROLES } from "@/db/schema";
import * as members from "@/server/services/members";
import { listAudit } from "@/server/services/audit";
import { listMyWorkspaces } from "@/server/services/workspaces";
import { adminProcedure, authedProcedure, router, viewerProcedure } from "../trpc";

const role = z.enum(ROLES);

export const workspaceRouter = router({
  /** The user's workspaces and which one is current. */
  mine: viewerProcedure.query(async ({ ctx }) => ({
    current: { id: ctx.workspaceId, role: ctx.role },
    workspaces: await listMyWorkspaces(ctx.db, ctx.user.id),
  })),
  members: viewerProcedure.query(({ ctx }) => members.listMembers(ctx.db, ctx.workspaceId)),
  invites: adminProcedure.query(({ ctx }) => members.listOpenInvites(ctx.db, ctx.workspaceId)),
  createInvite: adminProcedure
    .input(z.object({ role }))
    .mutation(({ ctx, input }) => members.createInvite(ctx.db, ctx.workspaceId, ctx.actor, ctx.role, input.role)),
  revokeInvite: adminProcedure
    .input(z.object({ id: z.string().uuid() }))
    .mutation(({ ctx, input }) => members.revokeInvite(ctx.db, ctx.workspaceId, ctx.actor, ctx.role, input.id)),
  changeRole: adminProcedure
    .input(z.object({ userId: z.string().min(1), role }))
    .mutation(({ ctx, input }) => members.changeRole(ctx.db, ctx.workspaceId, ctx.actor, ctx.role, input.userId, input.role)),
  removeMember: adminProcedure
    .input(z.object({ userId: z.string().min(1) }))
    .mutation(({ ctx, input }) => members.removeMember(ctx.db, ctx.workspaceId, ctx.actor, ctx.role, input.userId)),
  describeInvite: authedProcedure.input(z.object({ token: z.string().min(1).max(200) })).query(({ ctx, input }) => members.describeInvite(ctx.db, input.token)),
  acceptInvite: authedProcedure
    .input(z.object({ token: z.string().min(1).max(200) }))
    .mutation(({ ctx, input }) => members.acceptInvite(ctx.db, input.token, { id: ctx.user.id, label: ctx.actor.label })),
  audit: viewerProcedure
    .input(z.object({ targetType: z.string().optional(), targetId: z.string().optional(), beforeId: z.number().int().optional() }).optional())
    .query(({ ctx, input }) => listAudit(ctx.db, ctx.workspaceId, input ?? {})),
});
