// Per-workflow admission (the concurrency limit: at most `limit` running or waiting top-level
// executions) without serializing every start of a workflow until its commit.
//
// Two advisory keys per workflow:
//  - START (shared): held by every start that takes the fast path, from its decision to its
//    commit. Shared holders never wait for each other, so intake of one workflow runs in parallel
//    and its commits are flushed together by Postgres.
//  - ADMIT (exclusive): held by whoever admits queued executions (a start that found the
//    workflow busy, a finishing run, the sweeper). Admitters serialize among themselves only.
// Both sides announce themselves by taking their key, then read pg_locks, then count the
// committed running executions in a LATER statement (a new snapshot under READ COMMITTED). For
// any two concurrent deciders, the later one therefore sees the earlier one either still holding
// its key in pg_locks or already committed in the count, so the sum of all admissions can never
// pass the limit. Counting a holder that ends up not starting anything only makes us cautious;
// a queued execution left behind by that caution is admitted by the next finish or the sweeper.
//
// Batched intake decides for a whole batch in SQL (switchyard_decide_starts, migration 0010,
// docs/decisions/0304): it announces with one shared slot key per execution it may start, and
// the count of starts in flight here includes those slots.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";

const ADMIT_KEY = 7301;
const START_KEY = 7302;
/** Low half of the 64-bit slot keys a batched start holds, one per execution (0x53590000 + i). */
const SLOT_BASE = 1398341632;

const key2 = (workflowId: string) => sql`hashtext(${workflowId})`;

/**
 * Takes `lock` (an advisory lock call on this workflow's key), then reads the other holders of
 * this workflow's keys: fast-path starts in flight, and whether an admitter is at work. One round
 * trip: the lock is taken in a materialized CTE and pg_locks is read in a LATERAL subquery that
 * depends on that row, so the read can only run after the lock is held.
 */
async function announceAndRead(tx: Db, workflowId: string, lock: ReturnType<typeof sql>): Promise<{ starting: number; admitting: number }> {
  // Starts in flight: one START key per single start, one slot key per execution of a batched
  // start (switchyard_decide_starts, migration 0010).
  const [r] = await queryRows<{ starting: number; admitting: number }>(
    tx,
    sql`with l as materialized (select ${lock}::text as taken), k as (select (${key2(workflowId)}::bigint & 4294967295)::oid as h)
        select h.starting, h.admitting
        from l, k, lateral (select (count(*) filter (where objsubid = 2 and classid = ${START_KEY}::oid and objid = k.h)
                                  + count(*) filter (where objsubid = 1 and classid = k.h and objid::bigint between ${SLOT_BASE} and ${SLOT_BASE + 1023}))::int as starting,
                        count(*) filter (where objsubid = 2 and classid = ${ADMIT_KEY}::oid and objid = k.h)::int as admitting
                 from pg_locks
                 where l.taken is not distinct from l.taken
                   and locktype = 'advisory' and granted and pid <> pg_backend_pid()
                   and database = (select oid from pg_database where datname = current_database())) h`,
  );
  return r ?? { starting: 0, admitting: 0 };
}

/**
 * Committed running executions of the workflow, counted up to `cap` (the decision only needs to
 * know whether the limit is reached, and a full workflow under load has thousands queued), and
 * whether any are queued.
 */
async function counts(tx: Db, workflowId: string, cap: number): Promise<{ running: number; queued: number }> {
  const [c] = await queryRows<{ running: number; queued: number }>(
    tx,
    sql`select (select count(*) from (select 1 from executions
                 where workflow_id = ${workflowId} and status in ('running', 'waiting') and parent_execution_id is null and error_of_execution_id is null
                 limit ${cap}) r)::int as running,
               (select count(*) from (select 1 from executions where workflow_id = ${workflowId} and status = 'queued' limit 1) q)::int as queued`,
  );
  return c ?? { running: 0, queued: 0 };
}

export type StartDecision = "start" | "queue-and-admit" | "queue";

/**
 * Fast path for a new top-level execution. "start": a slot is ours (keep the transaction's shared
 * key until commit, which this does). "queue-and-admit": insert it queued and run admitQueued
 * (queued work exists, an admitter is busy, or starts in flight may hold the free slots).
 * "queue": the workflow is full by committed runs alone; a finishing run frees the slot and
 * admits (the sweeper is the backstop for a finish that committed before this row was visible).
 */
export async function decideStart(tx: Db, workflowId: string, limit: number): Promise<StartDecision> {
  const a = await announceAndRead(tx, workflowId, sql`pg_advisory_xact_lock_shared(${START_KEY}, ${key2(workflowId)})`);
  const c = await counts(tx, workflowId, limit);
  if (c.running >= limit) return "queue";
  if (c.queued === 0 && a.admitting === 0 && c.running + a.starting < limit) return "start";
  return "queue-and-admit";
}

/** Takes the exclusive admission key; answers how many queued executions may start now. */
export async function lockForAdmission(tx: Db, workflowId: string, limit: number): Promise<number> {
  const a = await announceAndRead(tx, workflowId, sql`pg_advisory_xact_lock(${ADMIT_KEY}, ${key2(workflowId)})`);
  const c = await counts(tx, workflowId, limit);
  return Math.max(0, limit - c.running - a.starting);
}
