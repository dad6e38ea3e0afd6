// The app's HTTP server (`npm start` runs it after building): Next.js serves the pages and the
// API, except webhook URLs (/api/hooks/…), which go straight to the intake without Next.js's
// request pipeline (docs/decisions/0305). The intake handler is installed by instrumentation.ts,
// inside the app's own build, so it shares the database handle and the worker of the process.
import http from "node:http";
import path from "node:path";
import next from "next";

const root = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
// Not HOSTNAME: containers set it to their own name.
const hostname = process.env.SWITCHYARD_HOST || undefined;

const app = next({ dev: false, dir: root, port, hostname });
const handleWithNext = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  // Installed by instrumentation.ts once the app has started; until then Next.js's route
  // handlers answer webhooks the same way, only slower.
  /** @type {((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined} */
  const intake = globalThis.__switchyardNodeIntake;
  if (intake && req.url?.startsWith("/api/hooks/") && intake(req, res)) return;
  void handleWithNext(req, res);
});
// Senders keep connections open between webhooks; close idle ones later than common clients do,
// so a request is never written into a socket the server is closing.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
// Stop taking connections on SIGTERM/SIGINT; the engine's own handler (server/startup.ts) exits once
// the built-in worker has handed back its steps, or we exit here when there is none.
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.once(signal, () => {
    server.close();
    if (process.listenerCount(signal) === 0) process.exit(0);
  });
}
server.on("error", (e) => {
  console.error(`Switchyard could not listen on port ${port}:`, e.message);
  process.exit(1);
});
server.listen(port, hostname, () => {
  console.log(`Switchyard: listening on http://${hostname ?? "localhost"}:${port}`);
});
