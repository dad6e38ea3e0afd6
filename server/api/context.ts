import "server-only";
import { getAppDb } from "@/server/app-db";
import { getSessionUser } from "@/server/auth";
import { WORKSPACE_COOKIE, type TrpcContext } from "./trpc";

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

export async function createRequestContext(headers: Headers): Promise<TrpcContext> {
  const { db } = await getAppDb();
  const user = await getSessionUser(headers);
  const requested = headers.get("x-workspace-id") ?? cookieValue(headers.get("cookie"), WORKSPACE_COOKIE);
  return {
    db,
    user: user ? { id: user.id, name: user.name, email: user.email } : null,
    requestedWorkspaceId: requested && /^[0-9a-f-]{36}$/i.test(requested) ? requested : null,
  };
}
