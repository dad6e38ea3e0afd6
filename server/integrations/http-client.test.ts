import zlib from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OutboundBlockedError, OutboundError } from "./errors";
import { outboundRequest } from "./http-client";
import type { Resolver } from "./ssrf-guard";
import { LOOPBACK_PEERS, startPeer, type Peer } from "./testing/peer";

const peers: Peer[] = [];
async function peer(...args: Parameters<typeof startPeer>) {
  const p = await startPeer(...args);
  peers.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(peers.splice(0).map((p) => p.close()));
});

const allowList = [...LOOPBACK_PEERS];

async function failure(p: Promise<unknown>): Promise<OutboundError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(OutboundError);
  return e as OutboundError;
}

describe("outboundRequest", () => {
  it("sends JSON, decodes JSON, reports status, timing and the final URL", async () => {
    const p = await peer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ echo: JSON.parse(req.body), ct: req.headers["content-type"] }));
    });
    const r = await outboundRequest({ method: "POST", url: `${p.origin}/x?y=1`, body: { a: 1 }, allowList });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ echo: { a: 1 }, ct: "application/json" });
    expect(r.finalUrl).toBe(`${p.origin}/x?y=1`);
    expect(r.remoteAddress).toBe("127.0.0.1");
    expect(r.timing.totalMs).toBeGreaterThanOrEqual(r.timing.ttfbMs);
    expect(p.requests[0]?.url).toBe("/x?y=1");
  });

  it("refuses the loopback peer when it is not allow-listed, before connecting", async () => {
    const p = await peer((_q, res) => res.end("no"));
    const e = await failure(outboundRequest({ url: p.origin }));
    expect(e).toBeInstanceOf(OutboundBlockedError);
    expect(p.requests).toHaveLength(0);
  });

  it("connects to the pinned address only: DNS rebinding cannot swap it", async () => {
    const p = await peer((req, res) => res.end(`host=${req.headers.host}`));
    // First answer: the (allow-listed) peer. Any later answer: a private address.
    let calls = 0;
    const resolve = vi.fn<Resolver>(async () => [{ address: calls++ === 0 ? "127.0.0.1" : "10.0.0.5", family: 4 }]);
    const r = await outboundRequest({ url: `http://rebind.test:${p.port}/`, allowList, resolve });
    // "rebind.test" is not resolvable by the system: success proves our pinned lookup was used.
    expect(r.body).toBe(`host=rebind.test:${p.port}`); // Host keeps the name
    expect(resolve).toHaveBeenCalledTimes(1);
    // The next request resolves again and is refused.
    await expect(outboundRequest({ url: `http://rebind.test:${p.port}/`, allowList, resolve })).rejects.toBeInstanceOf(OutboundBlockedError);
    expect(p.requests).toHaveLength(1);
  });

  it("follows redirects, re-checks each target and refuses one that points to loopback", async () => {
    const resolve: Resolver = async (h) => {
      if (h === "peer.test" || h === "localhost") return [{ address: "127.0.0.1", family: 4 }];
      throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
    };
    const p = await peer((req, res) => {
      if (req.url === "/to-literal") res.writeHead(302, { location: `http://127.0.0.1:${p.port}/secret` }).end();
      else if (req.url === "/to-localhost") res.writeHead(307, { location: `http://localhost:${p.port}/secret` }).end();
      else if (req.url === "/hop") res.writeHead(301, { location: "/done" }).end();
      else res.end(`at ${req.url}`);
    });
    // Only the name is allowed; loopback addresses themselves are not.
    const opts = { allowList: ["peer.test"], resolve };
    const ok = await outboundRequest({ url: `http://peer.test:${p.port}/hop`, ...opts });
    expect(ok.body).toBe("at /done");
    expect(ok.redirects).toEqual([`http://peer.test:${p.port}/done`]);
    for (const path of ["/to-literal", "/to-localhost"]) {
      const e = await failure(outboundRequest({ url: `http://peer.test:${p.port}${path}`, ...opts }));
      expect(e.code).toBe("SSRF_BLOCKED");
      expect(e.message).toMatch(/loopback/);
    }
    expect(p.requests.map((r) => r.url)).not.toContain("/secret");
  });

  it("stops after maxRedirects", async () => {
    const p = await peer((req, res) => res.writeHead(302, { location: `/r${p.requests.length}` }).end());
    const e = await failure(outboundRequest({ url: p.origin, allowList }));
    expect(e.code).toBe("TOO_MANY_REDIRECTS");
    expect(p.requests).toHaveLength(6); // the original + 5 followed
  });

  it("returns the 3xx itself when maxRedirects is 0", async () => {
    const p = await peer((_q, res) => res.writeHead(302, { location: "/elsewhere" }).end());
    const r = await outboundRequest({ url: p.origin, allowList, maxRedirects: 0 });
    expect(r.status).toBe(302);
  });

  it("drops credentials on a cross-origin redirect and turns POST into GET on 303", async () => {
    const b = await peer((req, res) => res.end(JSON.stringify({ auth: req.headers.authorization ?? null, method: req.method })));
    const a = await peer((_q, res) => res.writeHead(303, { location: `${b.origin}/landing` }).end());
    const r = await outboundRequest({ method: "POST", url: a.origin, body: "x", headers: { Authorization: "Bearer s3cret" }, allowList, responseType: "json" });
    expect(r.body).toEqual({ auth: null, method: "GET" });
    expect(a.requests[0]?.headers.authorization).toBe("Bearer s3cret");
  });

  it("aborts a response over the cap, declared or streamed", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 97);
    const p = await peer((req, res) => {
      if (req.url === "/declared") return res.end(big);
      res.setHeader("transfer-encoding", "chunked");
      for (let i = 0; i < 32; i++) res.write(big.subarray(0, 64 * 1024));
      res.end();
    });
    for (const path of ["/declared", "/chunked"]) {
      const e = await failure(outboundRequest({ url: `${p.origin}${path}`, allowList, maxResponseBytes: 1024 * 1024 }));
      expect(e.code).toBe("RESPONSE_TOO_LARGE");
      expect(e.message).toMatch(/larger than the 1 MB limit/);
      expect(e.retryable).toBe(false);
    }
  });

  it("decodes gzip and caps the decoded size (compression bomb)", async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const p = await peer((req, res) => {
      res.setHeader("content-encoding", "gzip");
      res.end(req.url === "/bomb" ? bomb : zlib.gzipSync("hello"));
    });
    expect((await outboundRequest({ url: p.origin, allowList })).body).toBe("hello");
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const e = await failure(outboundRequest({ url: `${p.origin}/bomb`, allowList, maxResponseBytes: 1024 * 1024 }));
    expect(e.code).toBe("RESPONSE_TOO_LARGE");
  });

  it("times out a peer that never answers, and a slow-loris body", async () => {
    const p = await peer((req, res) => {
      if (req.url === "/slow") {
        res.writeHead(200);
        const t = setInterval(() => res.write("."), 50);
        res.on("close", () => clearInterval(t));
      }
      // otherwise: never respond
    });
    for (const path of ["/silent", "/slow"]) {
      const started = performance.now();
      const e = await failure(outboundRequest({ url: `${p.origin}${path}`, allowList, timeoutMs: 300 }));
      expect(e.code).toBe("TIMEOUT");
      expect(e.retryable).toBe(true);
      expect(e.requestSent).toBe(true);
      expect(performance.now() - started).toBeLessThan(2000);
    }
  });

  it("is cancelled by the caller's signal", async () => {
    const p = await peer(() => undefined);
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 50);
    const e = await failure(outboundRequest({ url: p.origin, allowList, signal: ctrl.signal }));
    expect(e.code).toBe("ABORTED");
    expect(e.retryable).toBe(false);
  });

  it("reports a refused connection as a NETWORK error with nothing sent", async () => {
    const { refusedPort } = await import("./testing/peer");
    const port = await refusedPort();
    const e = await failure(outboundRequest({ url: `http://127.0.0.1:${port}/`, allowList }));
    expect(e).toMatchObject({ code: "NETWORK", retryable: true, requestSent: false, causeCode: "ECONNREFUSED" });
  });

  it("fails on invalid JSON only when JSON was required", async () => {
    const p = await peer((_q, res) => {
      res.setHeader("content-type", "application/json");
      res.end("{oops");
    });
    expect((await outboundRequest({ url: p.origin, allowList })).body).toBe("{oops");
    const e = await failure(outboundRequest({ url: p.origin, allowList, responseType: "json" }));
    expect(e.code).toBe("INVALID_RESPONSE");
  });
});
