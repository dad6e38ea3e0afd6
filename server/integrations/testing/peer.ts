/**
 * Local HTTP peers for the integration tests: always bound to 127.0.0.1, port chosen by the OS.
 * Every request is recorded with the peer's own clock, so tests can assert timing as the remote
 * side saw it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface PeerRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() on the peer when the request head arrived. */
  at: number;
}

export type PeerHandler = (req: PeerRequest, res: http.ServerResponse, index: number) => unknown;

export interface Peer {
  port: number;
  origin: string;
  requests: PeerRequest[];
  close(): Promise<void>;
}

export async function startPeer(handler: PeerHandler): Promise<Peer> {
  const requests: PeerRequest[] = [];
  const server = http.createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const r: PeerRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString(), at };
      requests.push(r);
      Promise.resolve(handler(r, res, requests.length - 1)).catch((e) => {
        res.statusCode = 500;
        res.end(String(e));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that refuses connections (bound, then closed). */
export async function refusedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Allow-list that lets the tests reach their own peers and nothing else. */
export const LOOPBACK_PEERS = ["127.0.0.1/32"] as const;
