import { z } from "zod";
import { defineNode } from "../define-node";

const pair = z.object({
  name: z.string().max(200).meta({ label: "Name" }),
  value: z.string().max(10_000).meta({ label: "Value", template: true }),
});

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export const httpRequestNode = defineNode({
  type: "http.request",
  version: 1,
  kind: "action",
  label: "HTTP Request",
  category: "Integrations",
  icon: "globe",
  description: "Calls any web API, with a credential, retries, rate limits and a circuit breaker.",
  help:
    "Failed calls are retried up to 5 times with growing pauses on network errors, timeouts, 408, 425, 429 and 5xx (never on 400, 403, 404, 409, 422). A Retry-After from the server is honoured; a wait over 5 minutes parks the step instead of holding a worker. POST and PATCH are retried only with the Idempotency-Key (on by default) or when marked safe to repeat. Private and local addresses are refused unless an admin allows them in Settings → Outbound access. Secrets of the credential never appear in the run log.",
  config: z.object({
    method: z.enum(HTTP_METHODS).default("GET").meta({ label: "Method", widget: "select" }),
    url: z.string().min(1, "Enter the URL to call.").max(4000).meta({ label: "URL", template: true, placeholder: "https://api.example.com/v1/items" }),
    credentialId: z.string().max(100).default("").meta({ label: "Credential", widget: "credential", credentialTypes: ["api_key", "bearer", "basic", "hmac", "oauth2"], help: "The credential that authenticates the call (API key, Bearer, Basic, HMAC or OAuth2). Leave empty for none." }),
    query: z.array(pair).default([]).meta({ label: "Query parameters" }),
    headers: z.array(pair).default([]).meta({ label: "Headers" }),
    bodyType: z.enum(["none", "json", "form", "raw"]).default("none").meta({ label: "Body", widget: "select" }),
    body: z.string().max(1_000_000).default("").meta({ label: "Body content", widget: "textarea", template: true, placeholder: '{ "email": "{{ trigger.body.email }}" }', showWhen: { bodyType: ["json", "raw"] } }),
    formFields: z.array(pair).default([]).meta({ label: "Form fields", showWhen: { bodyType: ["form"] } }),
    contentType: z.string().max(200).default("text/plain").meta({ label: "Content type", showWhen: { bodyType: ["raw"] } }),
    responseFormat: z.enum(["auto", "json", "text"]).default("auto").meta({ label: "Response format", widget: "select", help: "Auto reads JSON when the server says it is JSON, text otherwise." }),
    failOnNon2xx: z.boolean().default(true).meta({ label: "Fail on a non-2xx answer", widget: "switch", help: "Off: any status is an output (check `status` downstream)." }),
    timeoutMs: z.number().int().min(100).max(300_000).default(30_000).meta({ label: "Timeout per attempt (ms)", widget: "number" }),
    maxResponseMb: z.number().min(0.01).max(100).default(10).meta({ label: "Largest response (MB)", widget: "number" }),
    pagination: z.enum(["none", "next-link", "cursor"]).default("none").meta({ label: "Pagination", widget: "select" }),
    nextLinkPath: z.string().max(200).default("").meta({ label: "Next-page URL field", placeholder: "links.next", help: "Where the next page's URL is in the response, e.g. links.next. Empty: the Link header (rel=\"next\").", showWhen: { pagination: ["next-link"] } }),
    cursorPath: z.string().max(200).default("").meta({ label: "Cursor field", placeholder: "meta.next_cursor", showWhen: { pagination: ["cursor"] } }),
    cursorParam: z.string().max(100).default("cursor").meta({ label: "Cursor query parameter", showWhen: { pagination: ["cursor"] } }),
    itemsPath: z.string().max(200).default("").meta({ label: "Items field", placeholder: "data", help: "Where each page's items are; they are joined into one list. Empty: the output lists whole pages.", showWhen: { pagination: ["next-link", "cursor"] } }),
    maxPages: z.number().int().min(1).max(1000).default(10).meta({ label: "Page limit", widget: "number", showWhen: { pagination: ["next-link", "cursor"] } }),
    maxAttempts: z.number().int().min(1).max(10).default(5).meta({ label: "Attempts", widget: "number", help: "Total tries including the first." }),
    sendIdempotencyKey: z.boolean().default(true).meta({ label: "Send Idempotency-Key (POST/PATCH)", widget: "switch", help: "A key stable across retries of this step, so the receiver can drop duplicates; it also lets POST/PATCH be retried." }),
    retrySafe: z.boolean().default(false).meta({ label: "Safe to repeat", widget: "switch", help: "Retry even a POST/PATCH without an Idempotency-Key." }),
    rateLimitPerSec: z.number().min(0.1).max(1000).default(10).meta({ label: "Rate limit (requests/s per host and credential)", widget: "number" }),
    rateLimitBurst: z.number().int().min(1).max(1000).default(20).meta({ label: "Burst", widget: "number" }),
    failoverBaseUrls: z.string().max(4000).default("").meta({ label: "Failover base URLs", widget: "textarea", placeholder: "https://eu2.api.example.com", help: "One per line. Used in order for idempotent calls while the main host's circuit is open; the URL's path is kept." }),
  }),
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
  // Retries happen inside the node (they need the response: Retry-After, 401 refresh, breaker), so the engine runs it once.
  retry: { maxAttempts: 1 },
});

export type HttpRequestConfig = z.output<typeof httpRequestNode.config>;
