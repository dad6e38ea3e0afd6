// Group commit for production intake (docs/decisions/0304). Every accepted event must be committed
// before its 2xx; one transaction per event costs ~10 statements and a WAL flush each, which capped
// intake near 140 events/s. Here the events that arrive while a commit is in flight wait for the
// next one, and each commit stores all of them: admission, inbox rows, executions and first steps
// in ONE auto-committed statement (startExecutionsTogether). Nothing is answered before its commit.
//
// What the fast path does not cover goes through storeTriggerEvent, one event at a time, as
// before: a key that is already taken (a duplicate, or a window that expired), a workflow that
// cannot start the whole group now (concurrency limit), and every event of a batch whose
// transaction failed (so one bad event cannot fail the others).
import type { Db } from "@/db/client";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import type { LocalClaim } from "@/server/runtime/apply";
import { publish } from "@/server/runtime/commit";
import { admitQueued, newEffects } from "@/server/runtime/lifecycle";
import type { Prerun } from "@/server/runtime/prerun";
import { progressBus } from "@/server/runtime/progress";
import { startExecutionsTogether, type FreshExecution, type Gate } from "@/server/runtime/start-batch";
import type { IdempotencyKey } from "@/server/triggers/idempotency";
import { storeTriggerEvent, touchEndpoint, type Stored } from "./trigger-inbox";
import type { WebhookTarget } from "./webhook-target";

export interface IntakeEvent {
  target: WebhookTarget;
  key: IdempotencyKey | null;
  triggerData: Record<string, unknown>;
  /** When it arrived (the intake's clock): key windows count from here. */
  nowMs: number;
  /** The execution's id, chosen before any prerun (expressions can read it). */
  executionId: string;
  prerun?: Prerun;
  /** For the one-by-one path: claim the first step for the caller (respond mode). */
  local?: LocalClaim;
}

/** `prerunApplied`: the execution was stored with the prerun's steps (its outputs are committed). */
export type BatchedStored = Stored & { prerunApplied?: boolean };

interface Job {
  ev: IntakeEvent;
  resolve(s: BatchedStored): void;
  reject(e: unknown): void;
}

/** Events per transaction at most (bounds statement size and one commit's latency). */
const MAX_BATCH = 200;
/**
 * Transactions in flight per process. One: events that arrive during a commit make the next,
 * larger batch. A second commit in flight halved the batches at concurrency 10 and cost more
 * (Postgres CPU per event +20-40 %) than it saved in waiting, on a machine where Postgres and the
 * app share the cores (docs/decisions/0306). A remote database with slow round trips may want 2.
 */
const MAX_IN_FLIGHT = Math.max(1, Number(process.env.SWITCHYARD_INTAKE_COMMITS_IN_FLIGHT ?? 1) || 1);

class IntakeBatcher {
  private pending: Job[] = [];
  private inFlight = 0;

  constructor(
    private readonly db: Db,
    private readonly catalog: NodeCatalogLookup,
  ) {}

  store(ev: IntakeEvent): Promise<BatchedStored> {
    return new Promise((resolve, reject) => {
      this.pending.push({ ev, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.pending.length) {
      const jobs = this.pending.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.commit(jobs).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async commit(jobs: Job[]): Promise<void> {
    // The same key twice in one batch: the first event leads, the others are its duplicates.
    const leaders: Job[] = [];
    const followers: Array<{ job: Job; leader: Job }> = [];
    const byKey = new Map<string, Job>();
    for (const job of jobs) {
      const key = job.ev.key;
      const k = key && `${job.ev.target.endpointId}|${key.key}`;
      const leader = k ? (byKey.get(k) ?? (key.previousKey ? byKey.get(`${job.ev.target.endpointId}|${key.previousKey}`) : undefined)) : undefined;
      if (leader) followers.push({ job, leader });
      else {
        if (k) byKey.set(k, job);
        leaders.push(job);
      }
    }
    const results = new Map<Job, Promise<BatchedStored>>();
    let oneByOne: Job[] = [];
    try {
      const fx = newEffects();
      const items: FreshExecution[] = leaders.map(({ ev }) => ({
        id: ev.executionId,
        workspaceId: ev.target.workspaceId,
        workflowId: ev.target.workflowId,
        workflowVersion: ev.target.workflowVersion,
        mode: "production",
        graph: ev.target.graph,
        triggerNodeId: ev.target.trigger.id,
        triggerData: ev.triggerData,
        prerun: ev.prerun,
      }));
      const r = await startExecutionsTogether(this.db, items, this.catalog, fx, inboxGate(leaders.map((j) => j.ev)));
      publish({ bus: progressBus(this.db) }, fx);
      const byId = new Map(leaders.map((j) => [j.ev.executionId, j]));
      for (const it of r.oneByOne) oneByOne.push(byId.get(it.id)!);
      for (const job of leaders) {
        const status = r.inserted.get(job.ev.executionId);
        if (status) results.set(job, Promise.resolve({ duplicate: false, executionId: job.ev.executionId, claimed: [], prerunApplied: !!job.ev.prerun && status !== "queued" }));
      }
      // After the commit: nothing here may send an event down the one-by-one path again.
      await this.afterCommit(r.admit, leaders).catch((e: unknown) => console.error("After batched intake:", e));
    } catch (e) {
      const cause = ((e instanceof Error ? e.cause : undefined) ?? e) as { code?: unknown; message?: unknown };
      // Postgres refused the statement (so nothing of it was stored): one bad event must not fail
      // the others. Anything else (a lost connection: did it commit?) fails the batch; every
      // sender gets a 503 and retries, as with a single event.
      if (typeof cause?.code !== "string" || !/^[0-9A-Z]{5}$/.test(cause.code)) {
        for (const job of jobs) job.reject(e);
        return;
      }
      console.warn("Batched intake refused; storing its events one by one:", String(cause?.message).slice(0, 300));
      oneByOne = leaders.filter((j) => !results.has(j));
    }
    for (const job of oneByOne) results.set(job, this.storeAlone(job.ev));
    for (const { job, leader } of followers) {
      results.set(
        job,
        results.get(leader)!.then((s): BatchedStored => ({ duplicate: true, executionId: s.executionId })),
      );
    }
    await Promise.all(
      jobs.map((job) =>
        results.get(job)!.then(
          (s) => job.resolve(s),
          (e: unknown) => job.reject(e),
        ),
      ),
    );
  }

  private async afterCommit(admit: Array<{ workflowId: string; limit: number }>, leaders: Job[]): Promise<void> {
    // Queued while slots may be free (the boundary of the limit): admit now, as createExecution would.
    for (const a of admit) {
      const fx = newEffects();
      await this.db.transaction((tx) => admitQueued(tx as unknown as Db, a.workflowId, a.limit, this.catalog, fx));
      publish({ bus: progressBus(this.db) }, fx);
    }
    // The endpoint's "last event" hint (throttled; skipped entirely most of the time).
    const now = new Date(Math.max(...leaders.map((j) => j.ev.nowMs)));
    for (const endpointId of new Set(leaders.map((j) => j.ev.target.endpointId))) await touchEndpoint(this.db, endpointId, "production", now, {});
  }

  private storeAlone(ev: IntakeEvent): Promise<BatchedStored> {
    return storeTriggerEvent(this.db, ev.target, "production", ev.key, ev.triggerData, { catalog: this.catalog, local: ev.local, now: () => ev.nowMs });
  }
}

/**
 * Inbox rows for these events, inserted in the batch's statement; it returns the execution ids
 * whose key was free. A body-hash key's previous time bucket counts too, as in storeTriggerEvent
 * (a double submit across the bucket boundary).
 */
function inboxGate(events: IntakeEvent[]): Gate {
  return {
    name: "webhook-inbox",
    cte: `insert into webhook_inbox (workspace_id, endpoint_id, mode, dedupe_key, dedupe_source, execution_id, expires_at)
      select v.ws, v.ep, 'production', v.k, v.src, v.exec, v.exp
      from p, jsonb_to_recordset(p.j->'gate') as v(ws uuid, ep uuid, k text, src text, exec uuid, exp timestamptz, prev text, at timestamptz)
      where v.exec in (select id from allowed) and (v.prev is null or not exists (
        select 1 from webhook_inbox i where i.endpoint_id = v.ep and i.mode = 'production' and i.dedupe_key = v.prev and i.expires_at > v.at))
      on conflict do nothing
      returning execution_id`,
    rows: events.map((ev) => ({
      ws: ev.target.workspaceId,
      ep: ev.target.endpointId,
      k: ev.key?.key ?? `none:${ev.executionId}`,
      src: ev.key?.source ?? "none",
      exec: ev.executionId,
      exp: new Date(ev.nowMs + (ev.key?.windowSeconds ?? 60) * 1000).toISOString(),
      prev: ev.key?.previousKey ?? null,
      at: new Date(ev.nowMs).toISOString(),
    })),
  };
}

const batchers = new WeakMap<Db, WeakMap<object, IntakeBatcher>>();

/** Stores a production event with the others arriving now; resolves after its commit. */
export function storeBatched(db: Db, catalog: NodeCatalogLookup, ev: IntakeEvent): Promise<BatchedStored> {
  let perCatalog = batchers.get(db);
  if (!perCatalog) batchers.set(db, (perCatalog = new WeakMap()));
  let b = perCatalog.get(catalog);
  if (!b) perCatalog.set(catalog, (b = new IntakeBatcher(db, catalog)));
  return b.store(ev);
}
