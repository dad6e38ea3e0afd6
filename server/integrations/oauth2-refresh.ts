/**
 * Single-flight token refresh. Providers that rotate refresh tokens revoke the whole grant when
 * an old one is reused, so two concurrent refreshes of one credential can disconnect a customer.
 * Two layers (as in n8n PR #33092):
 *   1. in-process: one promise per credential id (`refreshOnce`);
 *   2. across processes: a short lease row in Postgres, taken and released in their own tiny
 *      transactions — never a lock held across the IdP call. `RefreshLease` is the seam; the
 *      Postgres implementation comes with the credentials table (next round), SQL below.
 * New tokens are persisted before anyone uses them, and `invalid_grant` is answered by one
 * re-read (a sibling may have rotated first) and otherwise "needs reconnect" — never a loop.
 */
import { OAuthError, needsRefresh, type TokenSet } from "./oauth2";

// ---------------------------------------------------------------------------------------------
// Layer 1: in-process single flight

export function createSingleFlight() {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const existing = inFlight.get(key) as Promise<T> | undefined;
      if (existing) return existing;
      const p = fn().finally(() => inFlight.delete(key));
      inFlight.set(key, p);
      return p;
    },
    size: () => inFlight.size,
  };
}

const processFlight = createSingleFlight();

/** Run `fn` at most once at a time per credential in this process; callers share its result. */
export function refreshOnce<T>(credentialId: string, fn: () => Promise<T>): Promise<T> {
  return processFlight.run(credentialId, fn);
}

// ---------------------------------------------------------------------------------------------
// Layer 2: cross-process lease

/**
 * Postgres, next round (each statement its own short transaction, clock = the database's):
 *   acquire: INSERT INTO credential_refresh_lease (credential_id, holder, until)
 *            VALUES ($1, $2, now() + $3 * interval '1 millisecond')
 *            ON CONFLICT (credential_id) DO UPDATE SET holder = EXCLUDED.holder, until = EXCLUDED.until
 *            WHERE credential_refresh_lease.until < now()
 *            RETURNING holder;                      -- a row back = acquired
 *   release: DELETE FROM credential_refresh_lease WHERE credential_id = $1 AND holder = $2;
 * A crashed holder's lease simply expires (ttl 30 s), and another process refreshes.
 */
export interface RefreshLease {
  tryAcquire(credentialId: string, holder: string, ttlMs: number): Promise<boolean>;
  release(credentialId: string, holder: string): Promise<void>;
}

/** The same semantics in memory (tests, single-process embedded mode). */
export class MemoryRefreshLease implements RefreshLease {
  private readonly leases = new Map<string, { holder: string; until: number }>();
  constructor(private readonly now: () => number = Date.now) {}
  async tryAcquire(id: string, holder: string, ttlMs: number): Promise<boolean> {
    const l = this.leases.get(id);
    if (l && l.until >= this.now() && l.holder !== holder) return false;
    this.leases.set(id, { holder, until: this.now() + ttlMs });
    return true;
  }
  async release(id: string, holder: string): Promise<void> {
    if (this.leases.get(id)?.holder === holder) this.leases.delete(id);
  }
}

// ---------------------------------------------------------------------------------------------
// The refresh procedure

export interface RefreshDeps {
  /** Read the credential's current tokens (decrypted) from the store. */
  read(): Promise<TokenSet>;
  /** Call the IdP (refresh_token or client_credentials grant). */
  refresh(current: TokenSet): Promise<TokenSet>;
  /** Store the new tokens (encrypted). Called before they are returned to anyone. */
  persist(tokens: TokenSet): Promise<void>;
  /** The grant is dead: flag the credential "needs reconnect" and notify once. */
  markNeedsReconnect(reason: string): Promise<void>;
  lease?: RefreshLease;
  /** This process's lease holder id. */
  holder?: string;
  leaseTtlMs?: number;
  /** How long to wait for another process's refresh before trying to take over. */
  waitForOtherMs?: number;
  pollMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Override the in-process single flight (tests simulate separate processes with their own). */
  singleFlight?: ReturnType<typeof createSingleFlight>;
}

export interface FreshTokenOptions {
  /** A 401 came back for this access token: refresh even if it does not look expired. */
  rejectedAccessToken?: string;
}

/** Tokens good to use now, refreshing (once, cluster-wide) when they expire within 5 minutes. */
export async function getFreshTokens(credentialId: string, deps: RefreshDeps, opts: FreshTokenOptions = {}): Promise<TokenSet> {
  const now = deps.now ?? Date.now;
  const stale = (t: TokenSet) => (opts.rejectedAccessToken ? t.accessToken === opts.rejectedAccessToken : needsRefresh(t, now()));
  const current = await deps.read();
  if (!stale(current)) return current;
  const flight = deps.singleFlight ?? processFlight;
  return flight.run(credentialId, () => refreshAcrossProcesses(credentialId, deps, stale));
}

async function refreshAcrossProcesses(credentialId: string, deps: RefreshDeps, stale: (t: TokenSet) => boolean): Promise<TokenSet> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const holder = deps.holder ?? `pid-${process.pid}`;
  const ttl = deps.leaseTtlMs ?? 30_000;

  let current = await deps.read(); // another process may have refreshed meanwhile
  if (!stale(current)) return current;

  if (deps.lease && !(await deps.lease.tryAcquire(credentialId, holder, ttl))) {
    // Someone else is refreshing: poll the store for their result.
    const deadline = now() + (deps.waitForOtherMs ?? 10_000);
    while (now() < deadline) {
      await sleep(deps.pollMs ?? 250);
      current = await deps.read();
      if (!stale(current)) return current;
    }
    if (!(await deps.lease.tryAcquire(credentialId, holder, ttl))) {
      throw new OAuthError("refresh_timeout", "Another worker is refreshing this credential and did not finish in time.");
    }
    current = await deps.read();
    if (!stale(current)) {
      await deps.lease.release(credentialId, holder);
      return current;
    }
  }

  try {
    let fresh: TokenSet;
    try {
      fresh = await deps.refresh(current);
    } catch (e) {
      if (!(e instanceof OAuthError) || !e.needsReconnect) throw e;
      // A sibling may have rotated the refresh token just before us: re-read exactly once.
      const reread = await deps.read();
      if (reread.refreshToken !== current.refreshToken) return reread;
      await deps.markNeedsReconnect(e.message);
      throw e;
    }
    await deps.persist(fresh);
    return fresh;
  } finally {
    await deps.lease?.release(credentialId, holder);
  }
}
