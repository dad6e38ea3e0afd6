import { z } from "zod";
import { defineNode } from "../define-node";

export const webhookTriggerConfig = z.object({
  method: z.enum(["POST", "PUT", "PATCH", "GET", "DELETE"]).default("POST").meta({ label: "HTTP method", widget: "select", help: "Requests with another method are refused." }),
  source: z
    .string()
    .max(100)
    .default("")
    .meta({ label: "Source name", placeholder: "e.g. Website contact form", help: "What sends this webhook. Two workflows listening to the same source are flagged, so a double automation is visible." }),
  responseMode: z
    .enum(["immediately", "respond_node"])
    .default("immediately")
    .meta({ label: "When to answer the sender", widget: "select", help: "“immediately”: answer 202 as soon as the request is safely stored. “respond_node”: wait for a Respond to webhook step (up to the timeout, then 202)." }),
  responseTimeoutMs: z.number().int().min(100).max(60_000).default(10_000).meta({ label: "Answer timeout (ms)", showWhen: { responseMode: ["respond_node"] } }),
  idempotency: z
    .enum(["auto", "header", "path", "off"])
    .default("auto")
    .meta({ label: "Duplicate protection", widget: "select", help: "“auto”: a repeated delivery id (Idempotency-Key, webhook-id, X-GitHub-Delivery…) or the same body within 10 minutes starts nothing. “header”/“path”: use your own key. “off”: every request starts a run." }),
  idempotencyHeader: z.string().max(100).default("").meta({ label: "Key header", placeholder: "X-Order-Id", showWhen: { idempotency: ["header"] } }),
  idempotencyPath: z.string().max(200).default("").meta({ label: "Key field in the body", placeholder: "email", showWhen: { idempotency: ["path"] } }),
  idempotencyWindowHours: z.number().min(0.1).max(24 * 30).default(24 * 7).meta({ label: "Remember keys for (hours)", showWhen: { idempotency: ["header", "path"] } }),
  signature: z
    .enum(["none", "standard-webhooks", "github", "stripe"])
    .default("none")
    .meta({ label: "Verify signature", widget: "select", help: "Refuse requests that are not signed with your secret (401). The secret is kept as a credential." }),
  signatureCredentialId: z.string().max(100).default("").meta({ label: "Signing secret (credential)", widget: "credential", credentialTypes: ["hmac"], showWhen: { signature: ["standard-webhooks", "github", "stripe"] } }),
  maxBodyKb: z.number().int().min(1).max(50 * 1024).default(1024).meta({ label: "Largest body (KB)", help: "Bigger requests are refused with 413." }),
  rateLimitPerSecond: z.number().min(0.1).max(100_000).default(100).meta({ label: "Requests per second", help: "More than this (with a burst of twice as many) are refused with 429 and Retry-After." }),
  testData: z
    .string()
    .max(100_000)
    .optional()
    .meta({ label: "Sample request (JSON)", widget: "json", help: "Used by Test run and to list fields for mapping. “Use this event as sample” fills it in from a request sent to the test address." }),
});
export type WebhookTriggerConfig = z.output<typeof webhookTriggerConfig>;

export const webhookTrigger = defineNode({
  type: "trigger.webhook",
  version: 1,
  kind: "trigger",
  triggerKind: "webhook",
  label: "Webhook",
  category: "Triggers",
  icon: "webhook",
  description: "Starts the workflow when an HTTP request arrives at the workflow's webhook URL.",
  help: "The request body, headers and query become `trigger.body`, `trigger.headers` and `trigger.query`. The payload is always data: text that looks like {{ … }} is never evaluated. The production URL runs the published version; the test URL runs the draft and keeps the request as sample data.",
  config: webhookTriggerConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: false,
});
