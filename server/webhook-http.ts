import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import { getAppDb } from "./app-db";
import { getAppRegistry } from "./app-registry";
import { receiveWebhook, type IngressDeps } from "./services/webhook-ingress";
import { readBodyCapped } from "./triggers/body";
import { signingSecretsFromCredential } from "./services/webhook-secrets";
import { matchHookPath, serveWebhookOverNode } from "./intake/node-http";

const FAULT = process.env.SWITCHYARD_FAULT;

function appIngressDeps(db: Db): IngressDeps {
  return {
    catalog: getAppRegistry(db),
    signingSecrets: (workspaceId, credentialId) => signingSecretsFromCredential(db, workspaceId, credentialId),
    // Test-only: die right after the inbox commit, as a crash would (e2e durability test).
    afterInboxCommit: FAULT === "exit-after-inbox-commit" ? () => process.exit(137) : undefined,
  };
}

/** Route handler body shared by the production and the test webhook URLs (the Next.js path). */
export async function handleWebhookRequest(req: Request, token: string, mode: "production" | "test"): Promise<Response> {
  try {
    const { db } = await getAppDb();
    const url = new URL(req.url);
    const res = await receiveWebhook(
      db,
      {
        token,
        mode,
        method: req.method,
        headers: req.headers,
        query: Object.fromEntries(url.searchParams),
        readBody: async (maxBytes) => {
          const r = await readBodyCapped(req.body, maxBytes);
          return r.ok ? r.bytes : null;
        },
      },
      appIngressDeps(db),
    );
    const body = typeof res.body === "string" ? res.body : JSON.stringify(res.body ?? null);
    const contentType = typeof res.body === "string" ? "text/plain; charset=utf-8" : "application/json";
    return new Response(body, { status: res.status, headers: { "content-type": contentType, ...res.headers } });
  } catch (e) {
    // Nothing was stored (or the commit did not finish): tell the sender to retry, never 2xx.
    console.error("Webhook intake failed:", e);
    return Response.json({ error: "The event could not be stored right now. Please retry." }, { status: 503, headers: { "retry-after": "5" } });
  }
}

let nodeContext: Promise<{ db: Db; deps: IngressDeps }> | undefined;

/**
 * The app server's (scripts/server.mjs) fast path: answers a webhook request straight from
 * node:http and returns true, or returns false for any other URL, which Next.js then serves.
 */
export function handleWebhookOverNode(req: IncomingMessage, res: ServerResponse): boolean {
  const route = matchHookPath(req.url);
  if (!route) return false;
  if (!nodeContext) {
    nodeContext = getAppDb().then(({ db }) => ({ db, deps: appIngressDeps(db) }));
    // A failed open is tried again with the next request.
    nodeContext.catch(() => (nodeContext = undefined));
  }
  const context = nodeContext;
  void serveWebhookOverNode(req, res, route, () => context);
  return true;
}
