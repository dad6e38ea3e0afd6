// Webhook intake. The order matters: everything that can refuse a request (address, method,
// size, body, signature, rate) runs before anything is stored; then the inbox row (unique per
// dedupe key) and the execution are committed in ONE transaction before any 2xx is sent. A crash
// after that commit still leaves exactly one execution, which a worker picks up after restart.
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import { checkDeclaredLength, parseWebhookBody } from "@/server/triggers/body";
import { deriveIdempotencyKey, type IdempotencyConfig } from "@/server/triggers/idempotency";
import { verifySignature } from "@/server/triggers/signatures";
import { MemoryBucketStore } from "@/server/integrations/rate-limiter";
import { resolveTriggerTarget } from "./webhook-target";
import { recordTestSample, storeTriggerEvent } from "./trigger-inbox";
import { WEBHOOK_NODE_TYPE } from "./webhook-endpoints";
import { webhookTriggerConfig, type WebhookTriggerConfig } from "@/server/nodes/catalog/webhook-trigger";
import { awaitWebhookResponse } from "./webhook-response";
import { answerInline, inlineRuntime, prerunForIntake, prerunReply } from "./webhook-inline";
import { storeBatched, type BatchedStored } from "./intake-batcher";
import type { Prerun } from "@/server/runtime/prerun";
import { randomUUID } from "node:crypto";
import { inlineClaim } from "@/server/runtime/inline";

export interface WebhookRequest {
  token: string;
  mode: "production" | "test";
  method: string;
  headers: Headers;
  query: Record<string, string>;
  /** Reads the body, or answers null past `maxBytes` (so an oversized body is never buffered whole). */
  readBody(maxBytes: number): Promise<Uint8Array | null>;
}

/** For callers that already hold the bytes (tests, benchmarks). */
export function bodyFromBytes(bytes: Uint8Array): WebhookRequest["readBody"] {
  return async (maxBytes) => (bytes.byteLength > maxBytes ? null : bytes);
}

export interface WebhookAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface IngressDeps {
  catalog: NodeCatalogLookup;
  /** Secrets of a signing credential (current and previous during a rotation). */
  signingSecrets?: (workspaceId: string, credentialId: string) => Promise<string[]>;
  now?: () => number;
  /** Respond mode runs the flow's pure steps in this process (default); false leaves them to workers. */
  inline?: boolean;
  /** Production events are group-committed (default); false stores each in its own transaction. */
  batch?: boolean;
  /** Test-only fault injection: called right after the inbox commit, before answering. */
  afterInboxCommit?: () => void;
}

/** Per-process buckets: a per-trigger limit protects this server's intake, not a shared quota. */
const buckets = new MemoryBucketStore();
/** Headers that are credentials of the sender, never stored with the run. */
const DROPPED_HEADERS = new Set(["authorization", "proxy-authorization", "cookie"]);

const answer = (status: number, body: unknown, headers?: Record<string, string>): WebhookAnswer => ({ status, body, headers });

export async function receiveWebhook(db: Db, req: WebhookRequest, deps: IngressDeps): Promise<WebhookAnswer> {
  const now = deps.now ?? Date.now;
  const resolved = await resolveTriggerTarget(db, req.token, req.mode, deps.catalog, WEBHOOK_NODE_TYPE);
  // A test event for a draft that cannot run yet is still checked like any other, then kept as the sample.
  const captureOnly = !resolved.ok && req.mode === "test" ? resolved.captureOnly : undefined;
  if (!resolved.ok && !captureOnly) return answer(resolved.status, { error: resolved.message });
  const target = resolved.ok ? resolved.target : captureOnly!;
  const parsedCfg = triggerConfig(target.trigger.config);
  if (!parsedCfg.success) return answer(409, { error: "This webhook's settings are incomplete. Open the editor to see the problems." });
  const cfg = parsedCfg.data;

  if (req.method.toUpperCase() !== cfg.method) {
    return answer(405, { error: `This webhook accepts ${cfg.method} requests, not ${req.method.toUpperCase()}.` }, { allow: cfg.method });
  }
  const maxBytes = cfg.maxBodyKb * 1024;
  const declared = checkDeclaredLength(req.headers.get("content-length"), maxBytes);
  if (declared && !declared.ok) return answer(declared.status, { error: declared.message });
  const rawBody = await req.readBody(maxBytes);
  if (!rawBody) return answer(413, { error: `The body is larger than this webhook accepts (${cfg.maxBodyKb} KB).` });

  const limited = buckets.takeSync(target.endpointId, { ratePerSec: cfg.rateLimitPerSecond, burst: Math.max(1, cfg.rateLimitPerSecond * 2) });
  if (!limited.ok) {
    const seconds = Math.max(1, Math.ceil(limited.waitMs / 1000));
    return answer(429, { error: "Too many requests to this webhook. Retry later." }, { "retry-after": String(seconds) });
  }

  const hasBody = rawBody.byteLength > 0;
  const parsed = hasBody ? parseWebhookBody(rawBody, req.headers.get("content-type"), { maxBytes }) : null;
  if (parsed && !parsed.ok) return answer(parsed.status, { error: parsed.message });

  if (cfg.signature !== "none") {
    const secrets = cfg.signatureCredentialId && deps.signingSecrets ? await deps.signingSecrets(target.workspaceId, cfg.signatureCredentialId) : [];
    const verdict = verifySignature({ scheme: cfg.signature, secrets }, rawBody, req.headers, now);
    if (!verdict.ok) {
      await db
        .update(webhookEndpoints)
        .set({ signatureFailures: sql`${webhookEndpoints.signatureFailures} + 1` })
        .where(eq(webhookEndpoints.id, target.endpointId));
      return answer(401, { error: "The request's signature is missing or does not match." });
    }
  }

  const body = parsed?.ok ? parsed.body.data : null;
  const headers: Record<string, string> = {};
  req.headers.forEach((v, k) => {
    if (!DROPPED_HEADERS.has(k)) headers[k] = v;
  });
  const triggerData = { body, headers, query: req.query, method: req.method.toUpperCase(), receivedAt: new Date(now()).toISOString() };
  if (!resolved.ok) {
    await recordTestSample(db, target.endpointId, triggerData);
    return answer(202, {
      executionId: null,
      status: "captured",
      message: "Received and kept as this trigger's sample. The draft has problems that stop it from running, so no test run was started. Open the editor to see them.",
    });
  }
  const key = deriveIdempotencyKey({ headers: req.headers, rawBody, body: body ?? undefined, nowMs: now(), config: idempotencyConfig(cfg) });

  // Respond mode: the first steps are claimed by this process and run right after the commit.
  const deadline = Date.now() + cfg.responseTimeoutMs;
  const rt = cfg.responseMode === "respond_node" && deps.inline !== false ? inlineRuntime(db, deps.catalog) : undefined;
  const local = rt && inlineClaim(rt);
  let stored: BatchedStored;
  let prerun: Prerun | undefined;
  if (req.mode === "production" && deps.batch !== false) {
    // Production events are committed together with those arriving meanwhile (0304); in respond
    // mode the flow's first pure steps run before that commit and are stored with it.
    const executionId = randomUUID();
    prerun = rt ? await prerunForIntake(rt, resolved.target, executionId, triggerData, deadline) : undefined;
    stored = await storeBatched(db, deps.catalog, { target: resolved.target, key, triggerData, nowMs: now(), executionId, prerun, local });
  } else {
    stored = await storeTriggerEvent(db, resolved.target, req.mode, key, triggerData, { ...deps, local });
  }
  if (stored.duplicate) return answer(200, { executionId: stored.executionId, duplicate: true });
  deps.afterInboxCommit?.();

  if (cfg.responseMode === "respond_node") {
    const reply =
      (stored.prerunApplied ? prerunReply(prerun) : null) ||
      (rt && !stored.prerunApplied && (await answerInline(rt, resolved.target, req.mode, stored, triggerData, deadline))) ||
      (await awaitWebhookResponse(db, target.workspaceId, stored.executionId, Math.max(0, deadline - Date.now())));
    if (reply) return answer(reply.status, reply.body, { ...reply.headers, "x-switchyard-execution": stored.executionId });
  }
  return answer(202, { executionId: stored.executionId, status: "accepted" });
}

// The trigger's settings, parsed once per (cached, never mutated) config object of a published graph.
const parsedConfigs = new WeakMap<object, ReturnType<typeof webhookTriggerConfig.safeParse>>();
function triggerConfig(config: unknown): ReturnType<typeof webhookTriggerConfig.safeParse> {
  if (!config || typeof config !== "object") return webhookTriggerConfig.safeParse(config);
  let r = parsedConfigs.get(config);
  if (!r) parsedConfigs.set(config, (r = webhookTriggerConfig.safeParse(config)));
  return r;
}

function idempotencyConfig(cfg: WebhookTriggerConfig): IdempotencyConfig {
  const windowSeconds = Math.round(cfg.idempotencyWindowHours * 3600);
  switch (cfg.idempotency) {
    case "off":
      return { mode: "off" };
    case "header":
      return { mode: "header", header: cfg.idempotencyHeader, windowSeconds };
    case "path":
      return { mode: "path", path: cfg.idempotencyPath, normalize: "text", windowSeconds };
    default:
      return { mode: "auto" };
  }
}

