// Send e-mail executor: the node's SMTP credential or the workspace's default, the SMTP host
// through the SSRF guard with the workspace allow-list, attachments from base64. One send per
// attempt; the engine's retry policy repeats it only for temporary refusals (SMTP 4xx, network).
// Connections are pooled per credential (server/integrations/smtp.ts); the guard runs per send.
import type { Db } from "@/db/client";
import { isOutboundError } from "@/server/integrations/errors";
import { createRedactor, type Redactor } from "@/server/integrations/redact";
import { sendMail, type MailAttachment } from "@/server/integrations/smtp";
import { defaultCredentialId, loadCredentialForUse } from "@/server/services/credentials-runtime";
import type { CredentialSettings } from "@/server/services/credentials-types";
import { getOutboundAllowList } from "@/server/services/outbound-settings";
import { sendEmailNode } from "../catalog/send-email";
import { defineExecutor } from "../executor";
import { IntegrationStepError, TransientStepError, stepError, type ResolvedDeps } from "./shared";

const text = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));
const addresses = (v: unknown): string[] => (Array.isArray(v) ? v.map(text) : text(v).split(/[,;]/)).map((s) => s.trim()).filter(Boolean);

export function createSendEmailExecutor(db: Db, deps: ResolvedDeps) {
  return defineExecutor(sendEmailNode, async (ctx) => {
    const c = ctx.config;
    const ws = ctx.execution.workspaceId;
    let redactor: Redactor = createRedactor([]);
    try {
      const id = text(c.credentialId).trim() || (await defaultCredentialId(db, ws, "smtp"));
      if (!id) throw new IntegrationStepError("No SMTP credential: choose one in the node, or mark one as the workspace default under Credentials.", "CREDENTIAL_MISSING");
      const cred = await loadCredentialForUse(db, ws, id, { ring: deps.ring, type: "smtp" });
      redactor = createRedactor(cred.secrets);
      const s = cred.settings as CredentialSettings<"smtp">;
      const from = text(c.from).trim() || s.fromAddress;
      if (!from) throw new IntegrationStepError(`No sender: fill in From, or set a From address on the credential "${cred.row.name}".`, "INVALID_CONFIG");
      const to = addresses(c.to);
      if (!to.length) throw new IntegrationStepError("No recipient: To is empty after filling in the data.", "INVALID_CONFIG");
      const attachments: MailAttachment[] = (c.attachments ?? []).map((a, i) => {
        const content = text(a.content).replace(/\s+/g, "");
        if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(content)) throw new IntegrationStepError(`Attachment ${i + 1} (${text(a.filename) || "unnamed"}) is not base64 content.`, "INVALID_CONFIG");
        return { filename: text(a.filename) || `attachment-${i + 1}`, content, encoding: "base64", contentType: a.contentType || undefined };
      });
      const auth = s.username && cred.secret.password ? { user: s.username, pass: cred.secret.password } : undefined;
      const allowList = await getOutboundAllowList(db, ws);
      const result = await sendMail(
        { host: s.host, port: s.port, secure: s.secure, auth, allowList, resolve: deps.resolve },
        { from, to, cc: addresses(c.cc), bcc: addresses(c.bcc), replyTo: text(c.replyTo) || undefined, subject: text(c.subject), text: text(c.text) || undefined, html: text(c.html) || undefined, attachments },
        // One pool of connections per credential, rebuilt when its settings or secret change.
        { pool: cred.row.id },
      );
      ctx.log("info", `Sent "${redactor.string(text(c.subject)).slice(0, 200)}" to ${result.accepted.length} recipient(s) through ${s.host}.`);
      return { output: redactor.value({ messageId: result.messageId, accepted: result.accepted, rejected: result.rejected, response: result.response, attachments: attachments.length }) };
    } catch (e) {
      if (isOutboundError(e) && e.retryable) throw new TransientStepError(redactor.string(e.message), e.code);
      throw stepError(e, redactor);
    }
  });
}
