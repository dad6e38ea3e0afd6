import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import type { Role } from "@/db/schema";
import { isDomainError, type FieldIssue } from "@/server/services/errors";
import { roleAtLeast } from "@/server/services/roles";
import { actorOf, getMembership, listMyWorkspaces, type UserRef } from "@/server/services/workspaces";

export interface TrpcContext {
  db: Db;
  user: UserRef | null;
  /** The workspace the client asked for (cookie or header); falls back to the user's first. */
  requestedWorkspaceId: string | null;
}

export const WORKSPACE_COOKIE = "sy_ws";

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    let issues: FieldIssue[] | undefined;
    if (cause instanceof ZodError) issues = cause.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
    else if (cause && isDomainError(cause) && cause.kind === "validation") issues = cause.issues;
    return { ...shape, data: { ...shape.data, issues } };
  },
});

/** Maps the services' domain errors to tRPC codes, so routers stay free of error plumbing. */
const domainErrors = t.middleware(async ({ next }) => {
  const res = await next();
  if (!res.ok && isDomainError(res.error.cause)) {
    const e = res.error.cause;
    const code = ({ not_found: "NOT_FOUND", conflict: "CONFLICT", forbidden: "FORBIDDEN", validation: "BAD_REQUEST" } as const)[e.kind];
    throw new TRPCError({ code, message: e.message, cause: e });
  }
  return res;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(domainErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Please sign in." });
  return next({ ctx: { ...ctx, user: ctx.user, actor: actorOf(ctx.user) } });
});

/**
 * A procedure that acts inside the current workspace with at least `min` role. Membership is
 * checked on every call; a workspace the user does not belong to is reported as not found.
 */
export function workspaceProcedure(min: Role) {
  return authedProcedure.use(async ({ ctx, next }) => {
    let workspaceId = ctx.requestedWorkspaceId;
    let role: Role | undefined;
    if (workspaceId) role = (await getMembership(ctx.db, workspaceId, ctx.user.id))?.role;
    if (!role) {
      const first = (await listMyWorkspaces(ctx.db, ctx.user.id))[0];
      if (!first) throw new TRPCError({ code: "NOT_FOUND", message: "You are not a member of any workspace." });
      workspaceId = first.id;
      role = first.role;
    }
    if (!roleAtLeast(role, min)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${min} role or higher; you are ${role}.` });
    }
    return next({ ctx: { ...ctx, workspaceId: workspaceId!, role } });
  });
}

export const viewerProcedure = workspaceProcedure("viewer");
export const editorProcedure = workspaceProcedure("editor");
export const adminProcedure = workspaceProcedure("admin");
