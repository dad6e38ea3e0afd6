import "server-only";
import { getAppDb } from "./app-db";
import { getAppRegistry } from "./app-registry";
import { receiveWebhook } from "./services/webhook-ingress";
import { readBodyCapped } from "./triggers/body";
import { signingSecretsFromCredential } from "./services/webhook-secrets";

const FAULT = process.env.SWITCHYARD_FAULT;

/** Route handler body shared by the production and the test webhook URLs. */
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
      {
        catalog: getAppRegistry(db),
        signingSecrets: (workspaceId, credentialId) => signingSecretsFromCredential(db, workspaceId, credentialId),
        // Test-only: die right after the inbox commit, as a crash would (e2e durability test).
        afterInboxCommit: FAULT === "exit-after-inbox-commit" ? () => process.exit(137) : undefined,
      },
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
