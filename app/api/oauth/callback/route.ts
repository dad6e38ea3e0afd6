// OAuth2 authorization-code callback: the provider sends the admin's browser here with `code`
// and `state`. The state is single-use, bound to the user who started the flow, and expires in
// 10 minutes; the PKCE verifier never left the server. Tokens are stored encrypted.
import { NextResponse, type NextRequest } from "next/server";
import { getAppDb } from "@/server/app-db";
import { getSessionUser } from "@/server/auth";
import { completeAuthorization } from "@/server/services/credentials-oauth";

export const dynamic = "force-dynamic";

function back(req: NextRequest, params: Record<string, string>) {
  const url = new URL("/credentials", process.env.SWITCHYARD_PUBLIC_URL?.trim() || req.nextUrl.origin);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return NextResponse.redirect(url, 303);
}

export async function GET(req: NextRequest) {
  const p = req.nextUrl.searchParams;
  const user = await getSessionUser(req.headers);
  if (!user) return NextResponse.redirect(new URL(`/sign-in?next=${encodeURIComponent(req.nextUrl.pathname + req.nextUrl.search)}`, req.nextUrl.origin), 303);
  const error = p.get("error");
  if (error) return back(req, { oauthError: `${error}${p.get("error_description") ? `: ${p.get("error_description")}` : ""}`.slice(0, 300) });
  const state = p.get("state");
  const code = p.get("code");
  if (!state || !code) return back(req, { oauthError: "The provider did not send a code back." });
  try {
    const { db } = await getAppDb();
    const done = await completeAuthorization(db, user.id, { state, code });
    return back(req, { connected: done.name });
  } catch (e) {
    return back(req, { oauthError: e instanceof Error ? e.message.slice(0, 300) : "The connection failed." });
  }
}
