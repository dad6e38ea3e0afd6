import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { createRequestContext } from "./context";
import { createCaller } from "./root";

/** For server components: the request's context, or a redirect to sign-in when signed out. */
export async function requireSignedIn(returnTo: string) {
  const ctx = await createRequestContext(await headers());
  if (!ctx.user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return { ctx: { ...ctx, user: ctx.user }, api: createCaller(ctx) };
}
