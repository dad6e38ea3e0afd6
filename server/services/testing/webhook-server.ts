// A plain node:http server in front of receiveWebhook, for tests that need real HTTP (and a
// process that can be killed) without building the Next.js app.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import { receiveWebhook, type IngressDeps } from "../webhook-ingress";

export async function startWebhookServer(db: Db, deps: IngressDeps): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const m = /^\/api\/hooks\/(?:(test)\/)?([^/]+)$/.exec(url.pathname);
      if (!m) {
        res.writeHead(404).end();
        return;
      }
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const answer = await receiveWebhook(
        db,
        {
          token: m[2]!,
          mode: m[1] ? "test" : "production",
          method: req.method ?? "GET",
          headers,
          query: Object.fromEntries(url.searchParams),
          readBody: (maxBytes) =>
            new Promise((resolve, reject) => {
              const chunks: Buffer[] = [];
              let total = 0;
              req.on("data", (c: Buffer) => {
                total += c.length;
                if (total > maxBytes) {
                  resolve(null);
                  req.destroy();
                } else chunks.push(c);
              });
              req.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
              req.on("error", reject);
            }),
        },
        deps,
      );
      res.writeHead(answer.status, { "content-type": "application/json", ...answer.headers }).end(JSON.stringify(answer.body));
    } catch (e) {
      res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: String(e) }));
    }
  });
  // Clients keep connections open between requests; close idle ones later than they do, so a
  // request is never written into a socket the server is closing (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
