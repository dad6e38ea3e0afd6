/**
 * Token-bucket rate limiting per key ("host:api.example.com", "cred:<id>"). The bucket arithmetic
 * is one pure function (`takeToken`) so the in-memory store and the Postgres store (next round)
 * compute exactly the same thing; the SQL below is that function written as one statement.
 */

export interface BucketConfig {
  /** Tokens added per second. */
  ratePerSec: number;
  /** Bucket size (the largest burst). */
  burst: number;
}

export const DEFAULT_BUCKET: BucketConfig = { ratePerSec: 10, burst: 20 };

export interface BucketState {
  tokens: number;
  /** Epoch ms the token count refers to. */
  updatedAt: number;
  /** A 429 drained the bucket until this time (epoch ms); 0 when not blocked. */
  blockedUntil: number;
}

export type TakeResult = { ok: true; remaining: number } | { ok: false; waitMs: number };

/**
 * Take `cost` tokens or say how long until they would be there. Pure: returns the new state.
 * While blocked by a 429 nothing refills; the drain leaves one token dated at `blockedUntil`, so
 * the first request after the wait goes out on time and the refill restarts from there.
 */
export function takeToken(
  state: BucketState | undefined,
  cfg: BucketConfig,
  now: number,
  cost = 1,
): { state: BucketState; result: TakeResult } {
  const s = state ?? { tokens: cfg.burst, updatedAt: now, blockedUntil: 0 };
  if (now < s.blockedUntil) return { state: s, result: { ok: false, waitMs: s.blockedUntil - now } };
  const tokens = Math.min(cfg.burst, s.tokens + (Math.max(0, now - s.updatedAt) * cfg.ratePerSec) / 1000);
  if (tokens >= cost) {
    return { state: { tokens: tokens - cost, updatedAt: now, blockedUntil: 0 }, result: { ok: true, remaining: tokens - cost } };
  }
  const waitMs = Math.ceil(((cost - tokens) / cfg.ratePerSec) * 1000);
  return { state: { tokens, updatedAt: now, blockedUntil: 0 }, result: { ok: false, waitMs } };
}

/** The state a 429 with Retry-After leaves behind. Never shortens an existing block. */
export function drainBucket(state: BucketState | undefined, until: number): BucketState {
  const blockedUntil = Math.max(until, state?.blockedUntil ?? 0);
  return { tokens: 1, updatedAt: blockedUntil, blockedUntil };
}

/**
 * Where buckets live. Each method must be atomic per key: `take` is "take a token or tell me
 * when" in one step, so two processes can never both spend the last token.
 */
export interface BucketStore {
  take(key: string, cfg: BucketConfig, cost?: number): Promise<TakeResult>;
  /** After a 429: no tokens for `key` for `waitMs` (relative, so a shared store can use its own clock). */
  drain(key: string, waitMs: number): Promise<void>;
}

/** One process only. The clock is injected (tests, and the bench). */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, BucketState>();
  constructor(private readonly now: () => number = Date.now) {}

  async take(key: string, cfg: BucketConfig, cost = 1): Promise<TakeResult> {
    return this.takeSync(key, cfg, cost);
  }

  /** Synchronous variant (the store is in memory), used on the hot path and in the bench. */
  takeSync(key: string, cfg: BucketConfig, cost = 1): TakeResult {
    const { state, result } = takeToken(this.buckets.get(key), cfg, this.now(), cost);
    this.buckets.set(key, state);
    return result;
  }

  async drain(key: string, waitMs: number): Promise<void> {
    this.buckets.set(key, drainBucket(this.buckets.get(key), this.now() + waitMs));
  }

  snapshot(key: string): BucketState | undefined {
    const s = this.buckets.get(key);
    return s && { ...s };
  }
}

/**
 * The Postgres store's statement (next round; table in db/, owned by the data engineers):
 *
 *   CREATE TABLE rate_limit_bucket (
 *     key text PRIMARY KEY, tokens float8 NOT NULL, updated_at timestamptz NOT NULL,
 *     blocked_until timestamptz, granted boolean NOT NULL);
 *
 * One INSERT … ON CONFLICT DO UPDATE takes the row lock, refills, spends and reports, so it is
 * atomic across processes; it uses the database clock, never a worker's (clock skew between
 * workers cannot mint tokens). `updated_at` never moves backwards, so no interval is refilled
 * twice (the Postgres test with two workers caught that with statement_timestamp()). The table is
 * UNLOGGED (migration 0005): a denied take still writes the row, and waiting for WAL flushes of
 * those writes made grants arrive in bunches; losing buckets in a crash only refills them.
 * `granted` is stored only so RETURNING can say which branch ran —
 * all SET expressions read the old row `b`. $1 key, $2 rate/s, $3 burst, $4 cost.
 */
// clock_timestamp(), not statement_timestamp(): the SET expressions run after the row lock is
// taken, so a statement that queued behind others is judged at the moment it really spends,
// and its grant is not delivered late (a late grant followed by a punctual one bunches two
// requests at the receiver). Repeated calls differ by microseconds, always in the slow direction.
const NOW = "clock_timestamp()";
const BLOCKED = `(b.blocked_until IS NOT NULL AND b.blocked_until > ${NOW})`;
const REFILLED = `LEAST($3::float8, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM (${NOW} - b.updated_at))) * $2::float8)`;
export const PG_TAKE_TOKEN_SQL = `
INSERT INTO rate_limit_bucket AS b (key, tokens, updated_at, blocked_until, granted)
VALUES ($1, $3::float8 - $4::float8, ${NOW}, NULL, true)
ON CONFLICT (key) DO UPDATE SET
  granted = NOT ${BLOCKED} AND ${REFILLED} >= $4::float8,
  tokens = CASE WHEN ${BLOCKED} THEN b.tokens
                WHEN ${REFILLED} >= $4::float8 THEN ${REFILLED} - $4::float8
                ELSE ${REFILLED} END,
  updated_at = CASE WHEN ${BLOCKED} THEN b.updated_at ELSE GREATEST(b.updated_at, ${NOW}) END
RETURNING granted, tokens,
  CASE WHEN granted THEN 0
       WHEN blocked_until > ${NOW} THEN CEIL(EXTRACT(EPOCH FROM (blocked_until - ${NOW})) * 1000)
       ELSE CEIL(($4::float8 - tokens) / $2::float8 * 1000) END AS wait_ms`;

/** $1 key, $2 wait in ms (relative, so the block is measured on the database clock). Mirrors drainBucket. */
const UNTIL = "GREATEST(EXCLUDED.blocked_until, COALESCE(b.blocked_until, EXCLUDED.blocked_until))";
export const PG_DRAIN_SQL = `
INSERT INTO rate_limit_bucket AS b (key, tokens, updated_at, blocked_until, granted)
VALUES ($1, 1, ${NOW} + $2::float8 * interval '1 millisecond', ${NOW} + $2::float8 * interval '1 millisecond', false)
ON CONFLICT (key) DO UPDATE SET tokens = 1, blocked_until = ${UNTIL}, updated_at = ${UNTIL}`;

export type Query = (sql: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** Postgres-backed store over any `query` callback (pg Pool, PGlite). Not yet tested: next round. */
export class PgBucketStore implements BucketStore {
  constructor(private readonly query: Query) {}
  async take(key: string, cfg: BucketConfig, cost = 1): Promise<TakeResult> {
    const { rows } = await this.query(PG_TAKE_TOKEN_SQL, [key, cfg.ratePerSec, cfg.burst, cost]);
    const row = rows[0] ?? {};
    if (row.granted) return { ok: true, remaining: Number(row.tokens) };
    return { ok: false, waitMs: Math.max(1, Number(row.wait_ms)) };
  }
  async drain(key: string, waitMs: number): Promise<void> {
    await this.query(PG_DRAIN_SQL, [key, waitMs]);
  }
}

export interface RateLimiterDeps {
  store: BucketStore;
  /** Injected so tests do not sleep for real. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Takes a token from every key (host and credential) or reports the longest wait. */
export class RateLimiter {
  constructor(private readonly deps: RateLimiterDeps) {}

  /**
   * Try each key in order. A denial after an earlier key granted leaves that token spent: the
   * limiter errs on the slow side rather than needing a cross-key transaction.
   */
  async tryTake(keys: readonly { key: string; cfg?: BucketConfig }[]): Promise<TakeResult> {
    let remaining = Infinity;
    for (const k of keys) {
      const r = await this.deps.store.take(k.key, k.cfg ?? DEFAULT_BUCKET);
      if (!r.ok) return r;
      remaining = Math.min(remaining, r.remaining);
    }
    return { ok: true, remaining };
  }

  /**
   * Wait (with the injected sleep) until every key grants a token. Gives up and returns the
   * wait when it exceeds `maxWaitMs`, so the caller can park the step instead of holding a worker.
   */
  async acquire(
    keys: readonly { key: string; cfg?: BucketConfig }[],
    opts: { maxWaitMs?: number; signal?: AbortSignal } = {},
  ): Promise<TakeResult> {
    const sleep = this.deps.sleep ?? defaultSleep;
    for (;;) {
      const r = await this.tryTake(keys);
      if (r.ok || r.waitMs > (opts.maxWaitMs ?? Infinity)) return r;
      await sleep(r.waitMs, opts.signal);
    }
  }

  /** A 429 drains every key of the request for the Retry-After wait. */
  async on429(keys: readonly string[], waitMs: number): Promise<void> {
    for (const k of keys) await this.deps.store.drain(k, waitMs);
  }
}

/**
 * Sleep at least `ms` by the monotonic clock. A bare setTimeout may fire a millisecond early
 * (libuv measures from a cached loop time), and "not before Retry-After" must hold exactly.
 */
export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  const until = performance.now() + ms;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let t: ReturnType<typeof setTimeout>;
    const tick = () => {
      const left = until - performance.now();
      if (left > 0) t = setTimeout(tick, Math.ceil(left));
      else {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }
    };
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    t = setTimeout(tick, Math.max(0, Math.ceil(ms)));
  });
}
