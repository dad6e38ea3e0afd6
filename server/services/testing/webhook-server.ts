// A plain node:http server in front of the intake (the same node:http path the app's server
// uses), for tests that need real HTTP (and a process that can be killed) without building the
// Next.js app.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "@/db/client";
import type { IngressDeps } from "../webhook-ingress";
import { matchHookPath, serveWebhookOverNode } from "@/server/intake/node-http";

export async function startWebhookServer(db: Db, deps: IngressDeps): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const route = matchHookPath(req.url);
    if (route) void serveWebhookOverNode(req, res, route, { db, deps });
    else res.writeHead(404).end();
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
