import { z } from "zod";
import { defineNode } from "../define-node";

export const notifyNode = defineNode({
  type: "notify.send",
  version: 1,
  kind: "action",
  label: "Notification",
  category: "Notifications",
  icon: "bell",
  description: "Posts a message to a Slack-compatible or Microsoft Teams webhook, or a signed JSON webhook.",
  help: "Slack-compatible works with Slack, Mattermost and Rocket.Chat incoming webhooks; text from earlier steps is escaped so it cannot ping @channel. The generic webhook is signed with Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) when a signing secret is chosen; the id stays the same across retries so the receiver can drop duplicates.",
  config: z.object({
    channel: z.enum(["slack", "teams", "generic"]).default("slack").meta({ label: "Send to", widget: "select" }),
    url: z.string().min(1, "Enter the webhook URL.").max(4000).meta({ label: "Webhook URL", template: true, placeholder: "https://hooks.slack.com/services/…" }),
    title: z.string().max(500).default("").meta({ label: "Title", template: true, showWhen: { channel: ["teams"] } }),
    text: z.string().max(40_000).default("").meta({ label: "Message", widget: "textarea", template: true, showWhen: { channel: ["slack", "teams"] } }),
    payload: z.string().max(1_000_000).default("").meta({ label: "JSON payload", widget: "textarea", template: true, placeholder: '{{ { "event": "lead.created", "lead": vars.input } }}', showWhen: { channel: ["generic"] } }),
    signingCredentialId: z.string().max(100).default("").meta({ label: "Signing secret (HMAC credential)", widget: "text", showWhen: { channel: ["generic"] }, help: "An HMAC credential holding a Standard Webhooks secret (whsec_…). Empty: unsigned." }),
  }),
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
  retry: { maxAttempts: 5, initialDelayMs: 1000, factor: 2, maxDelayMs: 300_000 },
});

export type NotifyConfig = z.output<typeof notifyNode.config>;
