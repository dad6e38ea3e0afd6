import "server-only";
import { defineExecutor } from "../executor";
import { respondWebhookNode } from "../catalog/respond-webhook";
import { NonRetryableError } from "@/server/engine/errors";

/** Header names the workflow may not set: they belong to the HTTP layer. */
const RESERVED_HEADERS = new Set(["content-length", "transfer-encoding", "connection", "set-cookie", "host"]);

/**
 * The step's output is the answer; the webhook handler that is waiting for this execution
 * reads it from the step row once the step succeeded (server/services/webhook-response.ts).
 */
export const respondWebhookRun = defineExecutor(respondWebhookNode, async (ctx) => {
  const status = Number(ctx.config.status);
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw new NonRetryableError(`Status code must be a whole number from 200 to 599; got “${String(ctx.config.status).slice(0, 50)}”.`);
  }
  const headers: Record<string, string> = {};
  for (const h of ctx.config.headers) {
    const name = h.name.trim().toLowerCase();
    if (!/^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw new NonRetryableError(`“${h.name}” is not a valid header name.`);
    if (RESERVED_HEADERS.has(name)) continue;
    headers[name] = String(h.value).replace(/[\r\n]+/g, " ");
  }
  const body = ctx.config.body === "" ? ctx.input : ctx.config.body;
  return { output: { status, headers, body } };
});
