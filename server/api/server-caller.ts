import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { ensureWorkspaceFor } from "@/server/services/workspaces";
import { createRequestContext } from "./context";
import { createCaller } from "./root";

/**
 * For server components: the request's context, or a redirect to sign-in when signed out.
 * Layouts and pages render concurrently, so each caller makes sure the user has a workspace
 * (idempotent, serialized per user) unless it is a page that must not create one (invites).
 */
export async function requireSignedIn(returnTo: string, opts: { ensureWorkspace?: boolean } = {}) {
  const ctx = await createRequestContext(await headers());
  if (!ctx.user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  if (opts.ensureWorkspace !== false) await ensureWorkspaceFor(ctx.db, ctx.user);
  return { ctx: { ...ctx, user: ctx.user }, api: createCaller(ctx) };
}
