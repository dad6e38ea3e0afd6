/**
 * Postgres-backed stores for the pieces that must hold across worker processes: the token
 * buckets (PgBucketStore over `dbQuery`), the OAuth2 refresh lease, and the circuit breaker
 * state per (workspace, host). Each statement is its own short transaction on the database
 * clock; no lock is ever held across an outbound call.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import { CircuitBreaker, DEFAULT_BREAKER, BreakerRegistry, type BreakerOptions, type BreakerSnapshot } from "./circuit-breaker";
import type { Query } from "./rate-limiter";
import type { RefreshLease } from "./oauth2-refresh";

/** `$1`-style SQL text + params → a Drizzle SQL object, so the stores' statements run on either driver. */
export function positional(text: string, params: readonly unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunks: SQL[] = [];
  parts.forEach((part, i) => {
    if (i % 2 === 0) chunks.push(sql.raw(part));
    else chunks.push(sql`${params[Number(part) - 1]}`);
  });
  return sql.join(chunks, sql.raw(""));
}

/** The `query` callback PgBucketStore takes, over a Drizzle handle. */
export function dbQuery(db: Db): Query {
  return async (text, params) => ({ rows: await queryRows<Record<string, unknown>>(db, positional(text, params)) });
}

/** The lease of oauth2-refresh.ts in Postgres: an upsert that only wins when the old lease expired. */
export class PgRefreshLease implements RefreshLease {
  constructor(private readonly db: Db) {}

  async tryAcquire(credentialId: string, holder: string, ttlMs: number): Promise<boolean> {
    const rows = await queryRows<{ holder: string }>(
      this.db,
      sql`insert into credential_refresh_lease as l (credential_id, holder, until)
          values (${credentialId}, ${holder}, now() + ${ttlMs}::float8 * interval '1 millisecond')
          on conflict (credential_id) do update set holder = excluded.holder, until = excluded.until
          where l.until < now() or l.holder = excluded.holder
          returning holder`,
    );
    return rows.length === 1;
  }

  async release(credentialId: string, holder: string): Promise<void> {
    await this.db.execute(sql`delete from credential_refresh_lease where credential_id = ${credentialId} and holder = ${holder}`);
  }
}

/**
 * Breakers shared through Postgres, at step granularity: before a call the worker loads the
 * stored state of the hosts it will use (`hydrate`), and after it writes back what changed
 * (`persist`). The in-process breaker decides within a call. Two workers failing against the
 * same host at the same moment may each count their own failures (last writer wins), so the
 * circuit may open a few failures late; once open, every worker sees it at its next step.
 * That is the trade-off for never holding a row lock across a request (docs/decisions/0601).
 */
export class SharedBreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly db: Db,
    private readonly opts: BreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  get(workspaceId: string, host: string): CircuitBreaker {
    const key = BreakerRegistry.key(workspaceId, host);
    let b = this.breakers.get(key);
    if (!b) this.breakers.set(key, (b = new CircuitBreaker(this.opts, this.now)));
    return b;
  }

  /** Take the stored state when it is newer than what this process knows. */
  async hydrate(workspaceId: string, hosts: readonly string[]): Promise<void> {
    if (!hosts.length) return;
    const wanted = hosts.map((h) => h.toLowerCase());
    const rows = await queryRows<{ host: string; snapshot: BreakerSnapshot }>(
      this.db,
      sql`select host, snapshot from circuit_breakers where workspace_id = ${workspaceId} and host in (${sql.join(wanted.map((h) => sql`${h}`), sql`, `)})`,
    );
    for (const r of rows) {
      const key = BreakerRegistry.key(workspaceId, r.host);
      const mine = this.breakers.get(key)?.snapshot();
      if (!mine || r.snapshot.changedAt > mine.changedAt || (r.snapshot.changedAt === mine.changedAt && r.snapshot.consecutiveFailures > mine.consecutiveFailures)) {
        this.breakers.set(key, new CircuitBreaker(this.opts, this.now, r.snapshot));
      }
    }
  }

  async persist(workspaceId: string, hosts: readonly string[]): Promise<void> {
    for (const host of new Set(hosts.map((h) => h.toLowerCase()))) {
      const snap = this.get(workspaceId, host).snapshot();
      await this.db.execute(
        sql`insert into circuit_breakers (workspace_id, host, state, snapshot, updated_at)
            values (${workspaceId}, ${host}, ${snap.state}, ${JSON.stringify(snap)}::jsonb, now())
            on conflict (workspace_id, host) do update set state = excluded.state, snapshot = excluded.snapshot, updated_at = now()`,
      );
    }
  }
}

/** Breaker states of a workspace for the UI, most recently changed first. */
export async function listBreakerStates(db: Db, workspaceId: string): Promise<{ host: string; snapshot: BreakerSnapshot; updatedAt: Date }[]> {
  const rows = await queryRows<{ host: string; snapshot: BreakerSnapshot; updated_at: string | Date }>(
    db,
    sql`select host, snapshot, updated_at from circuit_breakers where workspace_id = ${workspaceId} order by updated_at desc limit 200`,
  );
  return rows.map((r) => ({ host: r.host, snapshot: r.snapshot, updatedAt: new Date(r.updated_at) }));
}

/** Remember how many attempts a parked HTTP step has spent, so waking it does not reset the budget. */
export async function readSpentAttempts(db: Db, stepKey: string): Promise<number> {
  const rows = await queryRows<{ attempts: number }>(db, sql`select attempts from outbound_step_attempts where step_key = ${stepKey}`);
  return rows[0]?.attempts ?? 0;
}

export async function saveSpentAttempts(db: Db, stepKey: string, attempts: number): Promise<void> {
  await db.execute(
    sql`insert into outbound_step_attempts (step_key, attempts, updated_at) values (${stepKey}, ${attempts}, now())
        on conflict (step_key) do update set attempts = excluded.attempts, updated_at = now()`,
  );
}

export async function clearSpentAttempts(db: Db, stepKey: string): Promise<void> {
  await db.execute(sql`delete from outbound_step_attempts where step_key = ${stepKey}`);
}
