/**
 * Circuit breaker per (workspace, host). Own small implementation rather than cockatiel's
 * CircuitBreakerPolicy (see docs/decisions/0202-circuit-breaker.md): cockatiel reads Date.now()
 * directly, wraps the call (so a step that is parked between attempts cannot report into it),
 * makes concurrent callers queue behind the half-open probe instead of failing fast, and its
 * exported state drops timestamps. Here the breaker is a small state machine with an explicit
 * `acquire` / `record` protocol, an injected clock, and a snapshot the UI can show as-is.
 */
import { OutboundError } from "./errors";

export type BreakerStateName = "closed" | "open" | "half-open";

export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  threshold: number;
  /** How long the circuit stays open before one probe is let through. */
  cooldownMs: number;
  /** A probe that never reports back (crashed worker) frees the slot after this long. */
  probeTimeoutMs: number;
}

export const DEFAULT_BREAKER: BreakerOptions = { threshold: 5, cooldownMs: 30_000, probeTimeoutMs: 60_000 };

/** What the UI shows; epoch ms timestamps, null when not applicable. */
export interface BreakerSnapshot {
  state: BreakerStateName;
  consecutiveFailures: number;
  openedAt: number | null;
  /** When the next probe is allowed (open state). */
  probeAt: number | null;
  probeStartedAt: number | null;
  lastFailureAt: number | null;
  lastFailure: string | null;
  lastSuccessAt: number | null;
  changedAt: number;
}

export type Permit = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

export class CircuitBreaker {
  private s: BreakerSnapshot;
  private readonly listeners = new Set<(s: BreakerSnapshot) => void>();

  constructor(
    private readonly opts: BreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
    initial?: BreakerSnapshot,
  ) {
    // `initial` lets a shared store hydrate a breaker (next round: breaker state in Postgres).
    this.s = initial ? { ...initial } : {
      state: "closed",
      consecutiveFailures: 0,
      openedAt: null,
      probeAt: null,
      probeStartedAt: null,
      lastFailureAt: null,
      lastFailure: null,
      lastSuccessAt: null,
      changedAt: now(),
    };
  }

  /** Ask before calling. Exactly one caller gets `probe: true` once the cooldown has passed. */
  acquire(): Permit {
    const t = this.now();
    if (this.s.state === "closed") return { allowed: true, probe: false };
    if (this.s.state === "open") {
      const probeAt = this.s.probeAt ?? t;
      if (t < probeAt) return { allowed: false, retryInMs: probeAt - t };
      this.transition("half-open", { probeStartedAt: t });
      return { allowed: true, probe: true };
    }
    // half-open: one probe is in flight; everybody else fails fast until it reports.
    const started = this.s.probeStartedAt ?? t;
    if (t - started >= this.opts.probeTimeoutMs) {
      this.transition("half-open", { probeStartedAt: t });
      return { allowed: true, probe: true };
    }
    return { allowed: false, retryInMs: Math.max(1, started + this.opts.probeTimeoutMs - t) };
  }

  recordSuccess(): void {
    const t = this.now();
    this.s.lastSuccessAt = t;
    this.s.consecutiveFailures = 0;
    if (this.s.state !== "closed") this.transition("closed", { openedAt: null, probeAt: null, probeStartedAt: null });
  }

  recordFailure(reason: string): void {
    const t = this.now();
    this.s.consecutiveFailures += 1;
    this.s.lastFailureAt = t;
    this.s.lastFailure = reason.slice(0, 300);
    // A failed probe reopens at once; a closed circuit opens at the threshold.
    if (this.s.state === "half-open" || (this.s.state === "closed" && this.s.consecutiveFailures >= this.opts.threshold)) {
      this.transition("open", { openedAt: t, probeAt: t + this.opts.cooldownMs, probeStartedAt: null });
    }
  }

  /**
   * The caller got a permit but learned nothing about the host (cancelled, blocked by the SSRF
   * guard): give a probe slot back so the next caller can probe right away.
   */
  releaseWithoutOutcome(permit: Permit): void {
    if (permit.allowed && permit.probe && this.s.state === "half-open") {
      this.transition("open", { probeAt: this.now(), probeStartedAt: null });
    }
  }

  snapshot(): BreakerSnapshot {
    return { ...this.s };
  }

  onChange(fn: (s: BreakerSnapshot) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private transition(state: BreakerStateName, patch: Partial<BreakerSnapshot>): void {
    this.s = { ...this.s, ...patch, state, changedAt: this.now() };
    const snap = this.snapshot();
    for (const fn of this.listeners) fn(snap);
  }
}

/** Which outcomes count against a host's health. 4xx (incl. 429) are the caller's problem. */
export function isBreakerFailure(outcome: { status?: number; errorCode?: string }): boolean {
  if (outcome.errorCode) return ["NETWORK", "TIMEOUT", "DNS_FAILED"].includes(outcome.errorCode);
  return outcome.status !== undefined && outcome.status >= 500;
}

export function circuitOpenError(host: string, retryInMs: number): OutboundError {
  const seconds = Math.ceil(retryInMs / 1000);
  return new OutboundError(
    "CIRCUIT_OPEN",
    `CIRCUIT_OPEN: ${host} failed repeatedly; calls are paused for ${seconds} s before one trial request.`,
    { retryable: true, requestSent: false, details: { host, retryInMs } },
  );
}

/** Breakers keyed by (workspace, host), created on first use. */
export class BreakerRegistry {
  private readonly breakers = new Map<string, CircuitBreaker>();
  constructor(
    private readonly opts: BreakerOptions = DEFAULT_BREAKER,
    private readonly now: () => number = Date.now,
  ) {}

  static key(workspaceId: string, host: string): string {
    return `${workspaceId}|${host.toLowerCase()}`;
  }

  get(workspaceId: string, host: string): CircuitBreaker {
    const key = BreakerRegistry.key(workspaceId, host);
    let b = this.breakers.get(key);
    if (!b) {
      b = new CircuitBreaker(this.opts, this.now);
      this.breakers.set(key, b);
    }
    return b;
  }

  /** Every breaker of a workspace with its state, for the UI. */
  list(workspaceId: string): { host: string; snapshot: BreakerSnapshot }[] {
    const prefix = `${workspaceId}|`;
    return [...this.breakers.entries()]
      .filter(([k]) => k.startsWith(prefix))
      .map(([k, b]) => ({ host: k.slice(prefix.length), snapshot: b.snapshot() }));
  }
}
