/**
 * Notifications out: Slack-compatible incoming webhooks, Microsoft Teams (Workflows / Adaptive
 * Card) webhooks, and a generic JSON webhook signed with Standard Webhooks headers so the
 * receiver can verify origin and freshness. Delivery goes through the SSRF-guarded client;
 * a 3xx counts as a failure (the spec's advice), so redirects are not followed.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { OutboundError, isOutboundError } from "./errors";
import { outboundRequest, type OutboundResponse } from "./http-client";
import type { AllowListInput, Resolver } from "./ssrf-guard";

// ---------------------------------------------------------------------------------------------
// Slack

/** Slack control characters; escaping stops data from a webhook injecting <!channel> pings. */
export function escapeSlackText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export interface SlackMessage {
  text: string;
  blocks?: unknown[];
  username?: string;
  iconEmoji?: string;
  /** Default true. Set false only for text the workflow author wrote with deliberate <links>. */
  escape?: boolean;
}

export function slackPayload(m: SlackMessage): Record<string, unknown> {
  return {
    text: m.escape === false ? m.text : escapeSlackText(m.text),
    ...(m.blocks ? { blocks: m.blocks } : {}),
    ...(m.username ? { username: m.username } : {}),
    ...(m.iconEmoji ? { icon_emoji: m.iconEmoji } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Microsoft Teams — Workflows webhooks take a message with an Adaptive Card attachment (the
// retired Office 365 connector "MessageCard" format is not produced).

export interface TeamsMessage {
  title?: string;
  text: string;
  facts?: { title: string; value: string }[];
  link?: { title: string; url: string };
}

export function teamsPayload(m: TeamsMessage): Record<string, unknown> {
  const body: unknown[] = [];
  if (m.title) body.push({ type: "TextBlock", text: m.title, weight: "Bolder", size: "Medium", wrap: true });
  body.push({ type: "TextBlock", text: m.text, wrap: true });
  if (m.facts?.length) body.push({ type: "FactSet", facts: m.facts });
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body,
          ...(m.link ? { actions: [{ type: "Action.OpenUrl", title: m.link.title, url: m.link.url }] } : {}),
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Standard Webhooks signing

export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export function generateMessageId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

export interface SignedWebhook {
  body: string;
  headers: Record<string, string>;
}

/**
 * Sign exactly the bytes that will be sent. `id` must stay the same across retries of one
 * message (receivers deduplicate on it); the timestamp is re-taken per attempt.
 */
export function signWebhook(opts: { secret: string; id: string; body: string; timestamp: Date }): Record<string, string> {
  const signature = new Webhook(opts.secret).sign(opts.id, opts.timestamp, opts.body);
  return {
    "webhook-id": opts.id,
    "webhook-timestamp": String(Math.floor(opts.timestamp.getTime() / 1000)),
    "webhook-signature": signature,
  };
}

export function buildSignedWebhook(opts: { secret: string; payload: unknown; id?: string; now?: () => number }): SignedWebhook {
  const body = JSON.stringify(opts.payload);
  const headers = signWebhook({ secret: opts.secret, id: opts.id ?? generateMessageId(), body, timestamp: new Date((opts.now ?? Date.now)()) });
  return { body, headers: { "content-type": "application/json", ...headers } };
}

// ---------------------------------------------------------------------------------------------
// Delivery

export type Notification =
  | { kind: "slack"; url: string; message: SlackMessage }
  | { kind: "teams"; url: string; message: TeamsMessage }
  | { kind: "generic"; url: string; payload: unknown; secret?: string; messageId?: string };

export interface DeliveryOptions {
  allowList?: AllowListInput;
  resolve?: Resolver;
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface DeliveryResult {
  delivered: boolean;
  status?: number;
  messageId?: string;
  /** Short response excerpt for the step log. */
  responseText?: string;
  error?: OutboundError;
}

export async function sendNotification(n: Notification, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  let body: string;
  let headers: Record<string, string> = { "content-type": "application/json" };
  let messageId: string | undefined;
  if (n.kind === "slack") body = JSON.stringify(slackPayload(n.message));
  else if (n.kind === "teams") body = JSON.stringify(teamsPayload(n.message));
  else if (n.secret) {
    const signed = buildSignedWebhook({ secret: n.secret, payload: n.payload, id: n.messageId, now: opts.now });
    ({ body, headers } = signed);
    messageId = signed.headers["webhook-id"];
  } else body = JSON.stringify(n.payload);

  let res: OutboundResponse;
  try {
    res = await outboundRequest({
      method: "POST",
      url: n.url,
      headers,
      body,
      allowList: opts.allowList,
      resolve: opts.resolve,
      timeoutMs: opts.timeoutMs ?? 15_000, // what webhook senders commonly allow receivers
      maxRedirects: 0,
      maxResponseBytes: 64 * 1024,
      responseType: "text",
      signal: opts.signal,
    });
  } catch (e) {
    const error = isOutboundError(e) ? e : new OutboundError("NETWORK", String(e), { retryable: true, requestSent: true });
    return { delivered: false, messageId, error };
  }
  const text = typeof res.body === "string" ? res.body.slice(0, 500) : "";
  return { delivered: res.status >= 200 && res.status < 300, status: res.status, messageId, responseText: text };
}
