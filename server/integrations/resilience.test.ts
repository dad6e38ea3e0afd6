import { afterEach, describe, expect, it, vi } from "vitest";
import { BreakerRegistry } from "./circuit-breaker";
import { outboundRequest } from "./http-client";
import { MemoryBucketStore, RateLimiter } from "./rate-limiter";
import { executeWithResilience, type ResilienceDeps, type ResiliencePolicies } from "./resilience";
import { LOOPBACK_PEERS, refusedPort, startPeer, type Peer } from "./testing/peer";

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
/** Short delays so the suite stays fast; the real defaults are tested in retry-policy.test.ts. */
const fast: ResiliencePolicies = { allowList, retry: { initialDelayMs: 5, maxDelayMs: 20 }, hostRateLimit: false };

function deps(overrides: Partial<ResilienceDeps> = {}): ResilienceDeps & { slept: number[]; breakers: BreakerRegistry } {
  const slept: number[] = [];
  return {
    limiter: new RateLimiter({ store: new MemoryBucketStore() }),
    breakers: new BreakerRegistry(),
    sleep: async (ms) => void slept.push(ms),
    random: () => 0.5,
    slept,
    ...overrides,
  } as ResilienceDeps & { slept: number[]; breakers: BreakerRegistry };
}

describe("executeWithResilience against local peers", () => {
  it("429 with Retry-After: the next attempt arrives no earlier than asked, on the peer's clock", async () => {
    const p = await peer((_q, res, i) => (i === 0 ? res.writeHead(429, { "retry-after": "1" }).end() : res.end("ok")));
    // Real sleeps here: the point is the wall-clock gap the peer observes.
    const d = { limiter: new RateLimiter({ store: new MemoryBucketStore() }), breakers: new BreakerRegistry() };
    const r = await executeWithResilience({ url: p.origin, workspaceId: "w" }, { allowList }, d);
    expect(r.outcome).toBe("response");
    expect(p.requests).toHaveLength(2);
    expect(p.requests[1]!.at - p.requests[0]!.at).toBeGreaterThanOrEqual(1000);
  });

  it("parks instead of sleeping when Retry-After is beyond 5 minutes", async () => {
    const p = await peer((_q, res) => res.writeHead(429, { "retry-after": "86400" }).end());
    const d = deps({ now: () => 1_000_000 });
    const r = await executeWithResilience({ url: p.origin, workspaceId: "w" }, fast, d);
    expect(r).toMatchObject({ outcome: "parked", reason: "retry-after", delayMs: 86_400_000, resumeAt: 1_000_000 + 86_400_000 });
    expect(d.slept).toEqual([]);
    // The 429 drained the host bucket too: a sibling request parks on the limiter.
    const sibling = await executeWithResilience({ url: p.origin, workspaceId: "w" }, { ...fast, hostRateLimit: { ratePerSec: 10, burst: 20 } }, d);
    expect(sibling.outcome).toBe("parked");
  });

  it("503 twice then success, with backoff between attempts", async () => {
    const p = await peer((_q, res, i) => (i < 2 ? res.writeHead(503).end() : res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}')));
    const d = deps();
    const r = await executeWithResilience({ url: `${p.origin}/thing`, workspaceId: "w" }, fast, d);
    expect(r.outcome).toBe("response");
    if (r.outcome !== "response") return;
    expect(r.response.body).toEqual({ ok: true });
    expect(r.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(d.slept).toEqual([2, 5]); // full jitter at random()=0.5 of 5 ms, 10 ms
  });

  it("a timeout is retried up to maxAttempts, then reported as TIMEOUT", async () => {
    const p = await peer(() => undefined);
    const r = await executeWithResilience({ url: p.origin, workspaceId: "w", timeoutMs: 100 }, { ...fast, retry: { ...fast.retry, maxAttempts: 2 } }, deps());
    expect(r).toMatchObject({ outcome: "error", error: { code: "TIMEOUT" }, stopReason: "ATTEMPTS_EXHAUSTED" });
    expect(p.requests).toHaveLength(2);
  });

  it("a POST that timed out after sending is not retried; with an Idempotency-Key it is", async () => {
    const p = await peer(() => undefined);
    const r = await executeWithResilience({ method: "POST", body: { a: 1 }, url: p.origin, workspaceId: "w", timeoutMs: 100 }, fast, deps());
    expect(r).toMatchObject({ outcome: "error", error: { code: "TIMEOUT" }, stopReason: "NOT_IDEMPOTENT" });
    expect(p.requests).toHaveLength(1);
    const keyed = await executeWithResilience(
      { method: "POST", body: { a: 1 }, url: p.origin, workspaceId: "w", timeoutMs: 100, idempotencyKey: "exec1:node1:0" },
      { ...fast, retry: { ...fast.retry, maxAttempts: 2 } },
      deps(),
    );
    expect(keyed.outcome).toBe("error");
    expect(p.requests.slice(1).map((q) => q.headers["idempotency-key"])).toEqual(["exec1:node1:0", "exec1:node1:0"]);
  });

  it("primary refusing connections → the secondary serves once the primary's breaker is open", async () => {
    const secondary = await peer((req, res) => res.end(`secondary ${req.url}`));
    const primary = `http://127.0.0.1:${await refusedPort()}`;
    const d = deps({ breakers: new BreakerRegistry({ threshold: 2, cooldownMs: 60_000, probeTimeoutMs: 60_000 }) });
    const r = await executeWithResilience({ baseUrls: [primary, secondary.origin], path: "/items", workspaceId: "w" }, fast, d);
    expect(r.outcome).toBe("response");
    if (r.outcome !== "response") return;
    expect(r.response.body).toBe("secondary /items");
    expect(r.attempts.map((a) => [a.endpointIndex, a.errorCode ?? a.status])).toEqual([[0, "NETWORK"], [0, "NETWORK"], [1, 200]]);
    // A POST without an Idempotency-Key does not fail over.
    const post = await executeWithResilience({ method: "POST", baseUrls: [primary, secondary.origin], path: "/items", workspaceId: "w" }, { ...fast, maxInlineWaitMs: 10 }, d);
    expect(post).toMatchObject({ outcome: "parked", reason: "circuit-open" }); // waits for the primary's probe
    expect(post.attempts).toMatchObject([{ endpointIndex: 0, errorCode: "CIRCUIT_OPEN" }]);
    const once = await executeWithResilience({ method: "POST", baseUrls: [primary, secondary.origin], path: "/items", workspaceId: "w" }, { ...fast, retry: { maxAttempts: 1 } }, d);
    expect(once).toMatchObject({ outcome: "error", error: { code: "CIRCUIT_OPEN" } });
    expect(secondary.requests).toHaveLength(1);
  });

  it("the breaker opens after N failures, fails fast, and probes once after the cooldown", async () => {
    let healthy = false;
    const p = await peer((_q, res) => (healthy ? res.end("up") : res.writeHead(503).end()));
    let t = 0;
    const d = deps({ breakers: new BreakerRegistry({ threshold: 3, cooldownMs: 200, probeTimeoutMs: 10_000 }, () => t) });
    const once = { ...fast, retry: { maxAttempts: 1 } };
    const call = () => executeWithResilience({ url: p.origin, workspaceId: "w" }, once, d);
    for (let i = 0; i < 3; i++) expect(await call()).toMatchObject({ outcome: "response", response: { status: 503 } });
    const fastFail = await call();
    expect(fastFail).toMatchObject({ outcome: "error", error: { code: "CIRCUIT_OPEN" } });
    if (fastFail.outcome === "error") expect(fastFail.error.message).toMatch(/^CIRCUIT_OPEN: 127\.0\.0\.1:\d+ failed repeatedly/);
    expect(p.requests).toHaveLength(3);
    t += 200;
    healthy = true;
    const [a, b] = await Promise.all([call(), call()]);
    expect([a.outcome, b.outcome].sort()).toEqual(["error", "response"]); // one probe, one fast failure
    expect(p.requests).toHaveLength(4);
    expect(d.breakers.get("w", `127.0.0.1:${p.port}`).snapshot().state).toBe("closed");
    expect(await call()).toMatchObject({ outcome: "response" });
  });

  it("401 → exactly one credential refresh and one retry; a second 401 is CREDENTIAL_INVALID", async () => {
    const p = await peer((req, res) => (req.headers.authorization === "Bearer new" && !req.url.includes("never") ? res.end("ok") : res.writeHead(401).end()));
    const refreshCredential = vi.fn(async () => ({ Authorization: "Bearer new" }));
    const d = deps({ refreshCredential });
    const ok = await executeWithResilience({ url: p.origin, workspaceId: "w", headers: { Authorization: "Bearer old" } }, fast, d);
    expect(ok.outcome).toBe("response");
    expect(refreshCredential).toHaveBeenCalledTimes(1);
    const bad = await executeWithResilience({ url: `${p.origin}/never`, workspaceId: "w", headers: { Authorization: "Bearer old" } }, fast, d);
    expect(bad).toMatchObject({ outcome: "response", stopReason: "CREDENTIAL_INVALID", response: { status: 401 } });
    expect(refreshCredential).toHaveBeenCalledTimes(2);
    expect(p.requests.filter((q) => q.url === "/never")).toHaveLength(2);
  });

  it("cancelling during a backoff wait ends the call as ABORTED without another attempt", async () => {
    const p = await peer((_q, res) => res.writeHead(503).end());
    const ctrl = new AbortController();
    const d = { limiter: new RateLimiter({ store: new MemoryBucketStore() }), breakers: new BreakerRegistry(), random: () => 0.99 };
    setTimeout(() => ctrl.abort(), 100);
    const started = performance.now();
    const r = await executeWithResilience({ url: p.origin, workspaceId: "w", signal: ctrl.signal }, { allowList, retry: { initialDelayMs: 5_000 } }, d);
    expect(r).toMatchObject({ outcome: "error", error: { code: "ABORTED" } });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(p.requests).toHaveLength(1);
  });

  it("SSRF refusals are never retried and never sent", async () => {
    const send = vi.fn(outboundRequest);
    const corpus = [
      "http://127.0.0.1/", "http://127.1/", "http://0.0.0.0/", "http://10.0.0.1/", "http://100.64.0.1/", "http://192.168.1.1/",
      "http://[::1]/", "http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://169.254.169.254/",
      "http://2852039166/", "http://0251.0376.0251.0376/", "http://resolves-to-loopback.test/", "file:///etc/passwd", "gopher://127.0.0.1:70/",
    ];
    const d = deps({ send, resolve: async () => [{ address: "127.0.0.1", family: 4 }] });
    for (const url of corpus) {
      const r = await executeWithResilience({ url, workspaceId: "w" }, { retry: { initialDelayMs: 1 } }, d);
      expect(r, url).toMatchObject({ outcome: "error", error: { code: "SSRF_BLOCKED", retryable: false } });
      if (r.outcome === "error") {
        expect(r.error.message).toMatch(/^Blocked: /);
        expect(r.attempts).toHaveLength(1);
      }
    }
    expect(send).not.toHaveBeenCalled();
    expect(d.slept).toEqual([]);
    expect(d.breakers.list("w").every((b) => b.snapshot.state === "closed" && b.snapshot.consecutiveFailures === 0)).toBe(true);
  });

  it("the per-host limit holds: the peer never sees more than burst + rate·t", async () => {
    const p = await peer((_q, res) => res.end("ok"));
    const d = { limiter: new RateLimiter({ store: new MemoryBucketStore() }), breakers: new BreakerRegistry() };
    const policies: ResiliencePolicies = { allowList, hostRateLimit: { ratePerSec: 40, burst: 5 } };
    const results = await Promise.all(Array.from({ length: 25 }, () => executeWithResilience({ url: p.origin, workspaceId: "w" }, policies, d)));
    expect(results.every((r) => r.outcome === "response")).toBe(true);
    const at = p.requests.map((q) => q.at).sort((a, b) => a - b);
    for (let i = 0; i < at.length; i++) {
      for (let j = i; j < at.length; j++) {
        // 75 ms of slack for scheduling jitter between the limiter's grant and the peer's receipt.
        expect(j - i + 1).toBeLessThanOrEqual(5 + Math.floor(((at[j]! - at[i]! + 75) * 40) / 1000));
      }
    }
    expect(at[at.length - 1]! - at[0]!).toBeGreaterThanOrEqual(400); // 20 tokens beyond the burst at 40/s
  });
});
