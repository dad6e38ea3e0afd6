// "Test connection": prove a credential works without running a workflow. SMTP logs in (sends
// nothing), OAuth2 gets a valid token (refreshing if due), HTTP credentials call their optional
// test URL. Everything goes through the SSRF guard with the workspace's allow-list; the answer
// is redacted with the credential's own values before it is stored or shown.
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { credentials } from "@/db/schema";
import { isOutboundError } from "@/server/integrations/errors";
import { outboundRequest } from "@/server/integrations/http-client";
import { createRedactor } from "@/server/integrations/redact";
import { verifySmtp } from "@/server/integrations/smtp";
import type { Resolver } from "@/server/integrations/ssrf-guard";
import type { KeyRing } from "@/server/integrations/vault";
import { httpAuthFor, loadCredentialForUse } from "./credentials-runtime";
import { freshOAuthTokens } from "./credentials-oauth";
import type { CredentialSettings } from "./credentials-types";
import { getOutboundAllowList } from "./outbound-settings";

export interface TestResult {
  ok: boolean;
  message: string;
  testedAt: Date;
}

export interface TestDeps {
  ring?: KeyRing;
  resolve?: Resolver;
  timeoutMs?: number;
}

export async function testCredential(db: Db, workspaceId: string, id: string, deps: TestDeps = {}): Promise<TestResult> {
  const cred = await loadCredentialForUse(db, workspaceId, id, { ring: deps.ring });
  const redactor = createRedactor(cred.secrets);
  const allowList = await getOutboundAllowList(db, workspaceId);
  const timeoutMs = deps.timeoutMs ?? 15_000;
  let ok = false;
  let message: string;
  try {
    switch (cred.type) {
      case "smtp": {
        const s = cred.settings as CredentialSettings<"smtp">;
        const auth = s.username && cred.secret.password ? { user: s.username, pass: cred.secret.password } : undefined;
        await verifySmtp({ host: s.host, port: s.port, secure: s.secure, auth, allowList, resolve: deps.resolve, connectionTimeoutMs: timeoutMs });
        ok = true;
        message = `Connected to ${s.host}:${s.port}${auth ? ` and signed in as ${s.username}` : ""}.`;
        break;
      }
      case "oauth2": {
        const tokens = await freshOAuthTokens(db, cred.row, {}, { ring: deps.ring, allowList, resolve: deps.resolve });
        ok = true;
        message = tokens.expiresAt ? `Connected; the access token is valid until ${new Date(tokens.expiresAt).toISOString()}.` : "Connected.";
        break;
      }
      case "hmac":
        ok = true;
        message = "The signing secret is stored and readable. HMAC secrets are checked by the receiver, so there is nothing to call.";
        break;
      default: {
        const testUrl = (cred.settings as { testUrl?: string }).testUrl;
        if (!testUrl) {
          ok = true;
          message = "The secret is stored and readable. Add a test URL to the credential to check it against the service.";
          break;
        }
        const auth = await httpAuthFor(db, cred);
        const url = new URL(testUrl);
        for (const [k, v] of Object.entries(auth.query)) url.searchParams.set(k, v);
        const res = await outboundRequest({ url, headers: auth.headers, allowList, resolve: deps.resolve, timeoutMs, maxResponseBytes: 64 * 1024, responseType: "text" });
        ok = res.status >= 200 && res.status < 300;
        message = ok ? `${testUrl} answered ${res.status}.` : res.status === 401 || res.status === 403 ? `The service refused the credential (HTTP ${res.status}).` : `${testUrl} answered HTTP ${res.status}.`;
      }
    }
  } catch (e) {
    ok = false;
    message = isOutboundError(e) || e instanceof Error ? e.message : String(e);
  }
  message = redactor.string(message).slice(0, 500);
  const testedAt = new Date();
  await db
    .update(credentials)
    .set({ lastTestedAt: testedAt, lastTestOk: ok, lastTestMessage: message })
    .where(and(eq(credentials.workspaceId, workspaceId), eq(credentials.id, id)));
  return { ok, message, testedAt };
}
