// Sends one alert notification over one channel: e-mail through an SMTP credential, a
// Slack-compatible webhook, or a generic webhook signed with Standard Webhooks headers. Every
// target goes through the SSRF guard with the workspace's outbound allow-list.
import type { Db } from "@/db/client";
import type { AlertChannelKind } from "@/db/schema";
import { sendMail } from "@/server/integrations/smtp";
import { sendNotification } from "@/server/integrations/outbound-webhook";
import type { Resolver } from "@/server/integrations/ssrf-guard";
import { decryptSecret, type KeyRing } from "@/server/integrations/vault";
import { appKeyRing } from "@/server/services/credentials-keys";
import { defaultCredentialId, loadCredentialForUse } from "@/server/services/credentials-runtime";
import type { CredentialSettings } from "@/server/services/credentials-types";
import { getOutboundAllowList } from "@/server/services/outbound-settings";

export interface DeliveryDeps {
  ring?: KeyRing;
  resolve?: Resolver;
}

export interface ChannelRow {
  id: string;
  workspaceId: string;
  name: string;
  kind: AlertChannelKind;
  config: Record<string, unknown>;
  secretEnc: string | null;
}

export interface AlertMessage {
  event: "opened" | "resolved";
  title: string;
  text: string;
  /** Machine-readable payload for the generic webhook. */
  payload: Record<string, unknown>;
  /** Stable per notification, so a receiver can deduplicate retries. */
  messageId: string;
}

/** Throws with a readable message when the channel could not deliver. */
export async function deliver(db: Db, channel: ChannelRow, msg: AlertMessage, deps: DeliveryDeps = {}): Promise<void> {
  const allowList = await getOutboundAllowList(db, channel.workspaceId);
  if (channel.kind === "email") {
    const to = Array.isArray(channel.config.to) ? (channel.config.to as string[]) : [];
    if (to.length === 0) throw new Error("The e-mail channel has no recipients.");
    const credId = (typeof channel.config.credentialId === "string" && channel.config.credentialId) || (await defaultCredentialId(db, channel.workspaceId, "smtp"));
    if (!credId) throw new Error("No SMTP credential: choose one on the channel or mark one as the workspace default.");
    const cred = await loadCredentialForUse(db, channel.workspaceId, credId, { ring: deps.ring, type: "smtp" });
    const s = cred.settings as CredentialSettings<"smtp">;
    const auth = s.username && cred.secret.password ? { user: s.username, pass: cred.secret.password } : undefined;
    await sendMail(
      { host: s.host, port: s.port, secure: s.secure, auth, allowList, resolve: deps.resolve },
      { from: s.fromAddress || "switchyard@localhost", to, subject: msg.title, text: msg.text },
    );
    return;
  }
  const url = typeof channel.config.url === "string" ? channel.config.url : "";
  if (!url) throw new Error("The channel has no URL.");
  const r =
    channel.kind === "slack"
      ? await sendNotification({ kind: "slack", url, message: { text: `*${msg.title}*\n${msg.text}` } }, { allowList, resolve: deps.resolve })
      : await sendNotification(
          { kind: "generic", url, payload: msg.payload, messageId: msg.messageId, secret: channel.secretEnc ? decryptSecret(deps.ring ?? appKeyRing(), channel.secretEnc, { workspaceId: channel.workspaceId, credentialId: channel.id }) : undefined },
          { allowList, resolve: deps.resolve },
        );
  if (!r.delivered) throw new Error(r.error?.message ?? `The receiver answered HTTP ${r.status ?? "?"}`);
}
