// The step table as a work queue. Every time comes from the database clock (now()), never the
// worker's, so clock skew between machines cannot reclaim a lease early.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { StepInput } from "@/server/engine/state";
import type { ResumeData } from "@/server/nodes/executor";

export interface ClaimedStep {
  id: number;
  executionId: string;
  workspaceId: string;
  nodeId: string;
  scope: string;
  itemIndex: number | null;
  attempt: number;
  leaseVersion: number;
  input: StepInput | null;
  resume: ResumeData | null;
  workerLosses: number;
  /** The execution's immutable fields, when the claim read them. */
  exec?: ClaimedExecution;
}

export interface ClaimedExecution {
  id: string;
  workspaceId: string;
  workflowId: string;
  mode: "production" | "test";
  depth: number;
  graphHash: string;
  triggerData: unknown;
}

interface ClaimRow {
  id: string | number;
  execution_id: string;
  workspace_id: string;
  node_id: string;
  scope: string;
  item_index: number | null;
  attempt: number;
  lease_version: number;
  input: StepInput | null;
  resume: ResumeData | null;
  worker_losses: number;
}

export const CLAIM_RETURNING = sql.raw(
  "s.id, s.execution_id, s.workspace_id, s.node_id, s.scope, s.item_index, s.attempt, s.lease_version, s.input, s.resume, s.worker_losses",
);

export function toClaimed(r: ClaimRow): ClaimedStep {
  return {
    id: Number(r.id),
    executionId: r.execution_id,
    workspaceId: r.workspace_id,
    nodeId: r.node_id,
    scope: r.scope,
    itemIndex: r.item_index,
    attempt: r.attempt,
    leaseVersion: r.lease_version,
    input: r.input,
    resume: r.resume,
    workerLosses: r.worker_losses,
  };
}

/** Claims up to `limit` due steps for `owner`, bumping each lease version (the fencing token). */
export async function claimSteps(db: Db, owner: string, limit: number, leaseMs: number): Promise<ClaimedStep[]> {
  if (limit <= 0) return [];
  const rows = await queryRows<ClaimRow & { workflow_id: string; mode: "production" | "test"; depth: number; graph_hash: string; trigger_data: unknown }>(
    db,
    sql`update step_runs s
        set status = 'running', lease_owner = ${owner}, lease_expires_at = now() + ${leaseMs} * interval '1 millisecond',
            lease_version = s.lease_version + 1, started_at = now()
        from (
          select id from step_runs
          where status in ('queued', 'waiting') and run_at is not null and run_at <= now()
          order by run_at, id
          limit ${limit}
          for update skip locked
        ) c
        , executions e
        where s.id = c.id and e.id = s.execution_id
        returning ${CLAIM_RETURNING}, e.workflow_id, e.mode, e.depth, e.graph_hash, e.trigger_data`,
  );
  const claimed = rows.map((r) => {
    const c = toClaimed(r);
    // The execution's immutable fields come along, so the worker need not read them again.
    c.exec = { id: r.execution_id, workspaceId: r.workspace_id, workflowId: r.workflow_id, mode: r.mode, depth: r.depth, graphHash: r.graph_hash, triggerData: r.trigger_data };
    return c;
  });
  // Executions whose parked steps or delayed retries came due are running again.
  const woke = [...new Set(claimed.map((c) => c.executionId))];
  if (woke.length) {
    await db.execute(sql`update executions set status = 'running' where status = 'waiting' and id in (${sql.join(woke.map((id) => sql`${id}::uuid`), sql`, `)})`);
  }
  return claimed;
}

/**
 * Extends the leases this worker still holds; returns the ids that are still ours. Rows locked by
 * one of our own commits in flight are skipped (SKIP LOCKED, so a heartbeat never waits and can
 * never deadlock with a commit) and counted as ours when a plain read still shows our lease.
 */
export async function heartbeat(db: Db, owner: string, steps: Array<{ id: number; leaseVersion: number }>, leaseMs: number): Promise<Set<number>> {
  if (steps.length === 0) return new Set();
  const ids = sql.join(steps.map((s) => sql`${s.id}`), sql`, `);
  const extended = await queryRows<{ id: string | number; lease_version: number }>(
    db,
    sql`with c as (
          select id from step_runs where id in (${ids}) and status = 'running' and lease_owner = ${owner}
          for update skip locked
        )
        update step_runs s set lease_expires_at = now() + ${leaseMs} * interval '1 millisecond'
        from c where s.id = c.id
        returning s.id, s.lease_version`,
  );
  const want = new Map(steps.map((s) => [s.id, s.leaseVersion]));
  const ours = new Set(extended.filter((r) => want.get(Number(r.id)) === r.lease_version).map((r) => Number(r.id)));
  const unsure = steps.filter((s) => !extended.some((r) => Number(r.id) === s.id));
  if (unsure.length) {
    const rows = await queryRows<{ id: string | number; lease_version: number; lease_owner: string | null; status: string }>(
      db,
      sql`select id, lease_version, lease_owner, status from step_runs where id in (${sql.join(unsure.map((s) => sql`${s.id}`), sql`, `)})`,
    );
    for (const r of rows) if (r.status === "running" && r.lease_owner === owner && want.get(Number(r.id)) === r.lease_version) ours.add(Number(r.id));
  }
  return ours;
}

/** Puts steps whose lease expired back in the queue and counts the lost worker. */
export async function reclaimExpired(db: Db, limit = 200): Promise<number> {
  const rows = await queryRows<{ id: string | number }>(
    db,
    sql`update step_runs s
        set status = 'queued', lease_owner = null, lease_expires_at = null, run_at = now(),
            worker_losses = s.worker_losses + 1,
            logs = coalesce(s.logs, '[]'::jsonb) || jsonb_build_array(jsonb_build_object(
              'level', 'warn', 'message', 'Worker lost (lease expired); the step will run again', 'data', jsonb_build_object('reason', 'worker_lost', 'leaseOwner', s.lease_owner)))
        from (
          select id from step_runs where status = 'running' and lease_expires_at < now()
          limit ${limit} for update skip locked
        ) c
        where s.id = c.id
        returning s.id`,
  );
  return rows.length;
}

/**
 * Gives a lease back: on graceful shutdown without counting a loss; after the worker failed to
 * process the step (a database error, a bug) counting one, so a step that always breaks its
 * worker still ends as poison instead of looping.
 */
export async function releaseStep(db: Db, owner: string, step: { id: number; leaseVersion: number }, opts: { countLoss?: boolean; reason?: string } = {}): Promise<void> {
  const loss = opts.countLoss ? 1 : 0;
  const log = opts.reason ? JSON.stringify([{ level: "warn", message: opts.reason, data: { reason: "worker_error" } }]) : null;
  await db.execute(
    sql`update step_runs set status = 'queued', lease_owner = null, lease_expires_at = null, run_at = now(),
          worker_losses = worker_losses + ${loss}, logs = case when ${log}::jsonb is null then logs else coalesce(logs, '[]'::jsonb) || ${log}::jsonb end
        where id = ${step.id} and lease_owner = ${owner} and lease_version = ${step.leaseVersion} and status = 'running'`,
  );
}
