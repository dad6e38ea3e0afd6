// Notification executor: Slack-compatible, Teams, or a generic JSON webhook signed with Standard
// Webhooks headers. The message id is derived from the step's idempotency key, so every retry
// of one step carries the same webhook-id and receivers can drop duplicates.
import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { OutboundError } from "@/server/integrations/errors";
import { sendNotification, type Notification } from "@/server/integrations/outbound-webhook";
import { createRedactor, type Redactor } from "@/server/integrations/redact";
import { loadCredentialForUse } from "@/server/services/credentials-runtime";
import { getOutboundAllowList } from "@/server/services/outbound-settings";
import { notifyNode } from "../catalog/notify";
import { defineExecutor } from "../executor";
import { IntegrationStepError, TransientStepError, stepError, type ResolvedDeps } from "./shared";

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
const RETRY_STATUSES = [408, 425, 429, 500, 502, 503, 504];

export function createNotifyExecutor(db: Db, deps: ResolvedDeps) {
  return defineExecutor(notifyNode, async (ctx) => {
    const c = ctx.config;
    const ws = ctx.execution.workspaceId;
    let redactor: Redactor = createRedactor([]);
    try {
      const url = text(c.url).trim();
      let n: Notification;
      if (c.channel === "slack") n = { kind: "slack", url, message: { text: text(c.text) } };
      else if (c.channel === "teams") n = { kind: "teams", url, message: { title: text(c.title) || undefined, text: text(c.text) } };
      else {
        let payload: unknown = c.payload;
        if (typeof payload === "string") {
          try {
            payload = payload.trim() ? JSON.parse(payload) : (ctx.input ?? null);
          } catch (e) {
            throw new IntegrationStepError(`The JSON payload is not valid JSON: ${(e as Error).message}`, "INVALID_BODY");
          }
        }
        let secret: string | undefined;
        const credId = text(c.signingCredentialId).trim();
        if (credId) {
          const cred = await loadCredentialForUse(db, ws, credId, { ring: deps.ring, type: "hmac" });
          redactor = createRedactor(cred.secrets);
          secret = cred.secret.secret;
        }
        const messageId = `msg_${createHash("sha256").update(ctx.idempotencyKey).digest("base64url").slice(0, 24)}`;
        n = { kind: "generic", url, payload, secret, messageId };
      }
      const r = await sendNotification(n, { allowList: await getOutboundAllowList(db, ws), resolve: deps.resolve, signal: ctx.signal, now: deps.now });
      if (r.error) throw r.error;
      if (!r.delivered) {
        const msg = redactor.string(`The ${c.channel === "generic" ? "webhook" : c.channel === "slack" ? "Slack-compatible webhook" : "Teams webhook"} answered HTTP ${r.status}${r.responseText ? `: ${r.responseText.slice(0, 200)}` : ""}.`);
        if (r.status !== undefined && RETRY_STATUSES.includes(r.status)) throw new TransientStepError(msg, `HTTP_${r.status}`);
        throw new IntegrationStepError(msg, `HTTP_${r.status}`, r.status);
      }
      return { output: redactor.value({ delivered: true, status: r.status, messageId: r.messageId ?? null, response: r.responseText ?? "" }) };
    } catch (e) {
      if (e instanceof OutboundError && e.retryable) throw new TransientStepError(redactor.string(e.message), e.code);
      throw stepError(e, redactor);
    }
  });
}
