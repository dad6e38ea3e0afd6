// Webhook intake served straight from node:http. Next.js's request pipeline (routing, the
// Fetch-API request and response objects, streams) cost more CPU per webhook than storing the
// event and running its flow (docs/decisions/0305), so the app's server hands /api/hooks/…
// requests to this function before Next.js sees them. The route handlers under app/api/hooks
// stay as the fallback for `next start` and `next dev`, with the same answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/db/client";
import { receiveWebhook, type IngressDeps } from "@/server/services/webhook-ingress";

const HOOK_PATH = /^\/api\/hooks\/(?:(test)\/)?([^/?#]+)\/?(?:[?#]|$)/;

export interface HookRoute {
  token: string;
  mode: "production" | "test";
}

/** The webhook a request URL addresses, or null when it is not a webhook URL. */
export function matchHookPath(url: string | undefined): HookRoute | null {
  const m = url ? HOOK_PATH.exec(url) : null;
  if (!m) return null;
  let token: string;
  try {
    token = decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
  return { token, mode: m[1] ? "test" : "production" };
}

/**
 * Reads the body, or answers null as soon as it passes `maxBytes`: the rest is drained unread
 * (not buffered) so the 413 can still be written on this connection, which is then closed.
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (c: Buffer) => {
      total += c.length;
      if (total <= maxBytes) {
        chunks.push(c);
        return;
      }
      req.off("data", onData);
      req.off("end", onEnd);
      req.resume();
      resolve(null);
    };
    const onEnd = () => resolve(chunks.length === 1 ? new Uint8Array(chunks[0]!.buffer, chunks[0]!.byteOffset, chunks[0]!.byteLength) : new Uint8Array(Buffer.concat(chunks, total)));
    req.on("data", onData);
    req.on("end", onEnd);
    req.once("error", reject);
  });
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = req.rawHeaders;
  // rawHeaders keeps repeated headers apart; Headers joins them as the Fetch API does.
  for (let i = 0; i < raw.length; i += 2) {
    try {
      headers.append(raw[i]!, raw[i + 1]!);
    } catch {
      /* a header Node accepted but the Fetch API refuses: not one the intake reads */
    }
  }
  return headers;
}

function queryOf(url: string): Record<string, string> {
  const q = url.indexOf("?");
  return q < 0 ? {} : Object.fromEntries(new URLSearchParams(url.slice(q + 1)));
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, close = false) {
  const text = typeof body === "string" ? body : JSON.stringify(body ?? null);
  res.writeHead(status, {
    "content-type": typeof body === "string" ? "text/plain; charset=utf-8" : "application/json",
    "content-length": Buffer.byteLength(text),
    "x-content-type-options": "nosniff",
    ...(close ? { connection: "close" } : {}),
    ...headers,
  });
  res.end(text);
}

/** The database and ingress dependencies, or how to get them once the app is ready. */
export type IntakeContext = { db: Db; deps: IngressDeps } | (() => Promise<{ db: Db; deps: IngressDeps }>);

/** Answers one webhook request; never throws (a failure is a 503 the sender will retry). */
export async function serveWebhookOverNode(req: IncomingMessage, res: ServerResponse, route: HookRoute, intake: IntakeContext): Promise<void> {
  let bodyCut = false;
  try {
    const { db, deps } = typeof intake === "function" ? await intake() : intake;
    const answer = await receiveWebhook(
      db,
      {
        token: route.token,
        mode: route.mode,
        method: req.method ?? "GET",
        headers: headersOf(req),
        query: queryOf(req.url ?? ""),
        readBody: async (maxBytes) => {
          const bytes = await readNodeBody(req, maxBytes);
          bodyCut = bytes === null;
          return bytes;
        },
      },
      deps,
    );
    // A request refused before its body was read (404, 405, 413 by Content-Length…) leaves
    // unread bytes on the connection: close it rather than parse them as the next request.
    send(res, answer.status, answer.body, answer.headers, bodyCut || !req.complete);
  } catch (e) {
    // Nothing was stored (or the commit did not finish): tell the sender to retry, never 2xx.
    console.error("Webhook intake failed:", e);
    if (!res.headersSent) send(res, 503, { error: "The event could not be stored right now. Please retry." }, { "retry-after": "5" }, true);
    else res.destroy();
  }
}
