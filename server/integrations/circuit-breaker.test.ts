import { describe, expect, it } from "vitest";
import { BreakerRegistry, CircuitBreaker, isBreakerFailure } from "./circuit-breaker";
import { chooseEndpoint, joinUrl } from "./failover";

function clock(start = 5_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}
const opts = { threshold: 5, cooldownMs: 30_000, probeTimeoutMs: 60_000 };

describe("CircuitBreaker", () => {
  it("opens after 5 consecutive failures, fails fast, then lets exactly one probe through after 30 s", () => {
    const c = clock();
    const b = new CircuitBreaker(opts, c.now);
    for (let i = 0; i < 4; i++) {
      expect(b.acquire()).toEqual({ allowed: true, probe: false });
      b.recordFailure("HTTP 503");
    }
    expect(b.snapshot().state).toBe("closed");
    b.acquire();
    b.recordFailure("HTTP 503");
    expect(b.snapshot()).toMatchObject({ state: "open", openedAt: 5_000, probeAt: 35_000, consecutiveFailures: 5, lastFailure: "HTTP 503" });
    c.advance(10_000);
    expect(b.acquire()).toEqual({ allowed: false, retryInMs: 20_000 });
    c.advance(20_000);
    expect(b.acquire()).toEqual({ allowed: true, probe: true });
    expect(b.snapshot()).toMatchObject({ state: "half-open", probeStartedAt: 35_000 });
    expect(b.acquire().allowed).toBe(false); // only one probe
    b.recordSuccess();
    expect(b.snapshot()).toMatchObject({ state: "closed", consecutiveFailures: 0, openedAt: null });
  });

  it("a success resets the count; a failed probe reopens for another cooldown", () => {
    const c = clock();
    const b = new CircuitBreaker(opts, c.now);
    for (let i = 0; i < 4; i++) b.recordFailure("x");
    b.recordSuccess();
    for (let i = 0; i < 4; i++) b.recordFailure("x");
    expect(b.snapshot().state).toBe("closed");
    b.recordFailure("x");
    c.advance(30_000);
    expect(b.acquire()).toMatchObject({ probe: true });
    b.recordFailure("still down");
    expect(b.snapshot()).toMatchObject({ state: "open", openedAt: 35_000, probeAt: 65_000 });
  });

  it("frees the probe slot when the probe never reports, or reports nothing", () => {
    const c = clock();
    const b = new CircuitBreaker(opts, c.now);
    for (let i = 0; i < 5; i++) b.recordFailure("x");
    c.advance(30_000);
    const p = b.acquire();
    b.releaseWithoutOutcome(p);
    expect(b.acquire()).toMatchObject({ allowed: true, probe: true });
    c.advance(59_999);
    expect(b.acquire().allowed).toBe(false);
    c.advance(1);
    expect(b.acquire()).toMatchObject({ allowed: true, probe: true });
  });

  it("publishes state changes for the UI", () => {
    const c = clock();
    const b = new CircuitBreaker({ ...opts, threshold: 1 }, c.now);
    const seen: string[] = [];
    b.onChange((s) => seen.push(s.state));
    b.recordFailure("x");
    c.advance(30_000);
    b.acquire();
    b.recordSuccess();
    expect(seen).toEqual(["open", "half-open", "closed"]);
  });

  it("counts 5xx and transport errors, not 4xx or 429", () => {
    expect(isBreakerFailure({ status: 503 })).toBe(true);
    expect(isBreakerFailure({ errorCode: "TIMEOUT" })).toBe(true);
    expect(isBreakerFailure({ status: 429 })).toBe(false);
    expect(isBreakerFailure({ status: 404 })).toBe(false);
    expect(isBreakerFailure({ errorCode: "SSRF_BLOCKED" })).toBe(false);
  });

  it("keeps one breaker per (workspace, host)", () => {
    const reg = new BreakerRegistry({ ...opts, threshold: 1 }, clock().now);
    reg.get("w1", "api.example.com").recordFailure("x");
    expect(reg.get("w1", "API.example.com").snapshot().state).toBe("open");
    expect(reg.get("w2", "api.example.com").snapshot().state).toBe("closed");
    expect(reg.list("w1")).toEqual([{ host: "api.example.com", snapshot: expect.objectContaining({ state: "open" }) }]);
  });
});

describe("failover", () => {
  const bases = ["https://primary.example/v1", "https://backup.example/v1/"];
  it("joins paths", () => {
    expect(joinUrl(bases[1]!, "/items?x=1")).toBe("https://backup.example/v1/items?x=1");
  });

  it("uses the primary while its breaker is closed, the secondary only for idempotent calls while it is open", () => {
    const reg = new BreakerRegistry({ ...opts, threshold: 1 }, clock().now);
    const breakerFor = (h: string) => reg.get("w", h);
    expect(chooseEndpoint(bases, "/a", { idempotent: true, breakerFor })).toMatchObject({ ok: true, index: 0 });
    reg.get("w", "primary.example").recordFailure("down");
    expect(chooseEndpoint(bases, "/a", { idempotent: true, breakerFor })).toMatchObject({ ok: true, index: 1, url: "https://backup.example/v1/a" });
    const post = chooseEndpoint(bases, "/a", { idempotent: false, breakerFor });
    expect(post).toMatchObject({ ok: false });
    if (!post.ok) expect(post.error).toMatchObject({ code: "CIRCUIT_OPEN", details: { host: "primary.example" } });
  });
});
