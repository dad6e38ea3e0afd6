import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryBucketStore, PG_DRAIN_SQL, PG_TAKE_TOKEN_SQL, RateLimiter, takeToken, type BucketState } from "./rate-limiter";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("token bucket", () => {
  it("allows a burst of 20, then 10 per second", async () => {
    const c = clock();
    const store = new MemoryBucketStore(c.now);
    const cfg = { ratePerSec: 10, burst: 20 };
    for (let i = 0; i < 20; i++) expect((await store.take("host:a", cfg)).ok).toBe(true);
    expect(await store.take("host:a", cfg)).toEqual({ ok: false, waitMs: 100 });
    c.advance(100);
    expect((await store.take("host:a", cfg)).ok).toBe(true);
    c.advance(1000);
    let granted = 0;
    while ((await store.take("host:a", cfg)).ok) granted++;
    expect(granted).toBe(10);
  });

  it("keeps keys apart", async () => {
    const store = new MemoryBucketStore(clock().now);
    const cfg = { ratePerSec: 1, burst: 1 };
    expect((await store.take("host:a", cfg)).ok).toBe(true);
    expect((await store.take("host:b", cfg)).ok).toBe(true);
    expect((await store.take("host:a", cfg)).ok).toBe(false);
  });

  it("a 429 drains the bucket until Retry-After, then one request goes out on time", async () => {
    const c = clock();
    const store = new MemoryBucketStore(c.now);
    const cfg = { ratePerSec: 10, burst: 20 };
    await store.drain("host:a", 2000);
    expect(await store.take("host:a", cfg)).toEqual({ ok: false, waitMs: 2000 });
    c.advance(1999);
    expect(await store.take("host:a", cfg)).toEqual({ ok: false, waitMs: 1 });
    c.advance(1);
    expect((await store.take("host:a", cfg)).ok).toBe(true);
    expect((await store.take("host:a", cfg)).ok).toBe(false); // refills from zero, not from a full bucket
    // A shorter Retry-After never shortens a longer block.
    await store.drain("host:b", 5000);
    await store.drain("host:b", 1000);
    expect(await store.take("host:b", cfg)).toEqual({ ok: false, waitMs: 5000 });
  });

  it("property: over any window, grants never exceed burst + rate·window", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 300 }), (gaps) => {
        const cfg = { ratePerSec: 10, burst: 20 };
        let state: BucketState | undefined;
        let t = 0;
        const grants: number[] = [];
        for (const g of gaps) {
          t += g;
          const r = takeToken(state, cfg, t);
          state = r.state;
          if (r.result.ok) grants.push(t);
        }
        for (let i = 0; i < grants.length; i++) {
          for (let j = i; j < grants.length; j++) {
            const window = grants[j]! - grants[i]!;
            expect(j - i + 1).toBeLessThanOrEqual(cfg.burst + Math.floor((window * cfg.ratePerSec) / 1000) + 1e-9);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("RateLimiter", () => {
  it("acquire waits with the injected sleep until every key grants", async () => {
    const c = clock();
    const slept: number[] = [];
    const limiter = new RateLimiter({ store: new MemoryBucketStore(c.now), sleep: async (ms) => void (slept.push(ms), c.advance(ms)) });
    const keys = [{ key: "host:a", cfg: { ratePerSec: 5, burst: 1 } }, { key: "cred:1", cfg: { ratePerSec: 1, burst: 1 } }];
    expect((await limiter.acquire(keys)).ok).toBe(true);
    expect((await limiter.acquire(keys)).ok).toBe(true);
    // The host bucket refills in 200 ms, the credential bucket needs 1 s: the credential decides.
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1000);
  });

  it("returns the wait instead of sleeping past maxWaitMs (the caller parks)", async () => {
    const c = clock();
    const limiter = new RateLimiter({ store: new MemoryBucketStore(c.now), sleep: async () => { throw new Error("must not sleep"); } });
    await limiter.on429(["host:a"], 600_000);
    expect(await limiter.acquire([{ key: "host:a" }], { maxWaitMs: 300_000 })).toEqual({ ok: false, waitMs: 600_000 });
  });
});

describe("Postgres statements (executed next round)", () => {
  it("are single statements using the database clock", () => {
    for (const sql of [PG_TAKE_TOKEN_SQL, PG_DRAIN_SQL]) {
      expect(sql).toMatch(/ON CONFLICT \(key\) DO UPDATE/);
      expect(sql).not.toMatch(/;\s*\S/);
      expect(sql).toContain("clock_timestamp()");
    }
  });
});
