// Runtime tunables. Defaults follow ../shared/research/reliability.md; tests shorten the lease.
import { DEFAULT_LIMITS, type ExpressionLimits } from "@/server/engine/expression";

export interface RuntimeOptions {
  /** How long a claimed step belongs to a worker without a heartbeat (database clock). */
  leaseMs: number;
  heartbeatMs: number;
  /** Worker deaths on one step before it is failed as unrecoverable (poison). */
  maxWorkerLosses: number;
  /** Steps one worker runs at once. */
  concurrency: number;
  /** Polling interval when idle (wake-ups via notifications usually come first). */
  pollMs: number;
  /** How often expired leases and execution deadlines are swept. */
  sweepMs: number;
  /** Per-node timeout when the node sets none. */
  nodeTimeoutMs: number;
  /** Sub-workflow nesting limit. */
  maxDepth: number;
  expressionLimits: ExpressionLimits;
  /** Chain pure steps in memory and commit them together (fewer commits). */
  chainPureSteps: boolean;
}

export const DEFAULT_RUNTIME_OPTIONS: RuntimeOptions = {
  leaseMs: 30_000,
  heartbeatMs: 10_000,
  maxWorkerLosses: 3,
  concurrency: 16,
  pollMs: 1000,
  sweepMs: 2000,
  nodeTimeoutMs: 5 * 60_000,
  maxDepth: 10,
  expressionLimits: DEFAULT_LIMITS,
  chainPureSteps: true,
};

export function runtimeOptions(overrides: Partial<RuntimeOptions> = {}): RuntimeOptions {
  const o = { ...DEFAULT_RUNTIME_OPTIONS, ...overrides };
  // A heartbeat must come well before the lease runs out.
  if (overrides.leaseMs !== undefined && overrides.heartbeatMs === undefined) o.heartbeatMs = Math.max(100, Math.floor(o.leaseMs / 3));
  return o;
}
