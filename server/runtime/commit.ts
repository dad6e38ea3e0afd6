// Finishing steps is ONE transaction per batch (a batch is whatever finished while the previous
// commit was in flight; often one step):
//  1. lock the executions involved, in id order (serializes each run's transitions, so two
//     branches finishing together cannot both miss a join, and batches cannot deadlock);
//  2. write every step's outcome with one UPDATE guarded by its lease version (fencing: a worker
//     whose lease was taken over writes nothing and its result is dropped);
//  3. feed the accepted outcomes to the interpreter, insert all successors with one INSERT,
//     store the new states; finish executions that ended.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { next, type Command, type EngineEvent } from "@/server/engine/interpreter";
import type { RunState, StepInput } from "@/server/engine/state";
import type { SerializedError } from "@/server/engine/errors";
import { loadGraph } from "./graph-store";
import { applyCommands, type ChainedRow } from "./apply";
import { isTerminal, newEffects, type ExecutionRow, type TxEffects } from "./lifecycle";
import { finishExecutions } from "./finish";
import { startChild } from "./child";
import { packState, unpackState } from "./state-store";
import { stepDataCaps } from "./step-data-limit";
import { jsonBytesOverCap, outputTooLargeMessage, STEP_DATA_TOO_LARGE, truncatedMarker } from "@/server/monitoring/step-data-cap";
import type { ClaimedStep } from "./queue";
import type { RuntimeContext } from "./context";
import type { StepOutcome } from "./outcome";

/** A pure step run in memory right after the claimed one, committed in the same transaction. */
export interface ChainedStep {
  nodeId: string;
  scope: string;
  input: StepInput;
  outcome: Extract<StepOutcome, { kind: "succeeded" }>;
}

export interface CommitItem {
  step: ClaimedStep;
  outcome: StepOutcome;
  chain?: ChainedStep[];
}

export interface BatchResult {
  /** Step ids whose outcome was written; the others lost their lease (refused). */
  accepted: Set<number>;
  /** Successor steps already claimed for this worker. */
  claimed: ClaimedStep[];
}

/** What a step row becomes; `call` outcomes are resolved into one of these first. */
interface Write {
  item: CommitItem;
  status: "succeeded" | "failed" | "waiting" | "canceled";
  output?: unknown;
  error?: SerializedError;
  handle?: string;
  resume?: unknown;
  untilMs?: number;
  delayMs?: number;
  /** Parked without a wake-up time (waiting for a child execution). */
  park?: boolean;
  /** JSON written to the row's output (the output, or the truncated marker of a failed step). */
  outputJson?: string;
  logsJson?: string | null;
}

export async function commitBatch(rt: RuntimeContext, items: CommitItem[], freeSlots: number): Promise<BatchResult> {
  const fx = newEffects();
  const result = await rt.db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const ids = [...new Set(items.map((i) => i.step.executionId))].sort();
    const execs = await queryRows<ExecutionRow>(
      t,
      sql`select id, workspace_id, workflow_id, workflow_version, mode, status, graph_hash, state, parent_execution_id, parent_step_id, error_of_execution_id, depth
          from executions where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) order by id for update`,
    );
    for (const e of execs) e.state = (await unpackState(t, e.id, e.state)) ?? null;
    const caps = await stepDataCaps(t, execs.map((e) => e.workspace_id));
    const byId = new Map(execs.map((e) => [e.id, e]));
    const writes: Write[] = [];
    for (const item of items) {
      const exec = byId.get(item.step.executionId);
      if (!exec || isTerminal(exec.status)) {
        writes.push({ item, status: "canceled" });
        continue;
      }
      writes.push(capWrite(await toWrite(t, rt, exec, item, fx), caps.get(exec.workspace_id)!));
    }
    const accepted = await fencedWrite(t, writes);
    const perExec = new Map<string, { exec: ExecutionRow; commands: Command[]; chained: ChainedRow[]; state: RunState | undefined; parked: boolean; changed: boolean }>();
    for (const w of writes) {
      if (!accepted.has(w.item.step.id) || w.status === "canceled") continue;
      const exec = byId.get(w.item.step.executionId)!;
      const pe = perExec.get(exec.id) ?? { exec, commands: [], chained: [], state: exec.state ?? undefined, parked: false, changed: false };
      perExec.set(exec.id, pe);
      const step = w.item.step;
      fx.events.push({ type: "step", workspaceId: exec.workspace_id, executionId: exec.id, stepId: step.id, nodeId: step.nodeId, scope: step.scope, status: w.status, attempt: step.attempt });
      if (w.status === "waiting") {
        pe.parked = true;
        continue;
      }
      const { index } = await loadGraph(t, exec.graph_hash, rt.registry);
      const event: EngineEvent =
        w.status === "succeeded"
          ? { type: "step.succeeded", nodeId: step.nodeId, scope: step.scope, output: w.output, handle: w.handle }
          : { type: "step.failed", nodeId: step.nodeId, scope: step.scope, attempt: step.attempt, error: w.error!, input: step.input ?? { from: [] }, random: Math.random() };
      let r = next(index, pe.state, event);
      pe.state = r.state;
      pe.changed = true;
      pe.commands.push(...r.commands);
      // Replay the in-memory chain of pure steps; each must be a step the interpreter just asked
      // for with the same input, else the chain stops and the rest runs through the queue.
      for (const c of w.status === "succeeded" ? (w.item.chain ?? []) : []) {
        const i = pe.commands.findIndex((x) => x.type === "enqueue" && x.nodeId === c.nodeId && x.scope === c.scope && x.delayMs === 0 && JSON.stringify(x.input) === JSON.stringify(c.input));
        if (i < 0) break;
        // Over the step data cap: the chain stops and the step runs again through the queue,
        // where its commit fails it (a pure step, so running it again is harmless).
        const outputJson = JSON.stringify(c.outcome.output ?? null);
        const cap = caps.get(exec.workspace_id)!;
        if (jsonBytesOverCap(outputJson, cap) !== null) break;
        pe.commands.splice(i, 1);
        pe.chained.push({ nodeId: c.nodeId, scope: c.scope, input: c.input, output: c.outcome.output, handle: c.outcome.handle, logs: c.outcome.logs, outputJson, logsJson: capLogs(c.outcome.logs, cap) });
        r = next(index, pe.state, { type: "step.succeeded", nodeId: c.nodeId, scope: c.scope, output: c.outcome.output, handle: c.outcome.handle });
        pe.state = r.state;
        pe.commands.push(...r.commands);
      }
    }
    const groups = [...perExec.values()];
    const applied = await applyCommands(
      t,
      groups.map((g) => ({ exec: { id: g.exec.id, workspaceId: g.exec.workspace_id }, commands: g.commands, chained: g.chained })),
      { owner: rt.owner, leaseMs: rt.options.leaseMs, max: freeSlots },
    );
    fx.events.push(...applied.events);
    if (applied.queued) fx.wake = true;
    // Running executions get their new state; finished ones get it with their final status.
    const changed = groups.filter((g) => g.changed && !applied.finishes.has(g.exec.id));
    if (changed.length) {
      const rows = changed.map((g) => sql`(${g.exec.id}::uuid, ${packState(g.state!)}::jsonb)`);
      await t.execute(sql`update executions e set state = v.state from (values ${sql.join(rows, sql`, `)}) as v(id, state) where e.id = v.id`);
    }
    await finishExecutions(
      t,
      groups.filter((g) => applied.finishes.has(g.exec.id)).map((g) => ({ id: g.exec.id, state: g.state!, finish: applied.finishes.get(g.exec.id)! })),
      rt.registry,
      fx,
    );
    for (const g of groups) {
      if (!applied.finishes.has(g.exec.id) && (g.parked || g.commands.some((c) => c.type === "enqueue" && c.delayMs > 0))) await markWaitingIfIdle(t, g.exec.id);
    }
    return { accepted, claimed: applied.claimed };
  });
  publish(rt, fx);
  return result;
}

/** Single-step commit (tests, tools); refused writes answer accepted = false. */
export async function commitStep(rt: RuntimeContext, step: ClaimedStep, outcome: StepOutcome, chain: ChainedStep[] = [], freeSlots = 1): Promise<{ accepted: boolean; claimed: ClaimedStep[] }> {
  try {
    const r = await commitBatch(rt, [{ step, outcome, chain }], freeSlots);
    return { accepted: r.accepted.has(step.id), claimed: r.claimed };
  } catch (e) {
    if (isUniqueViolation(e)) return { accepted: false, claimed: [] };
    throw e;
  }
}

async function toWrite(tx: Db, rt: RuntimeContext, exec: ExecutionRow, item: CommitItem, fx: TxEffects): Promise<Write> {
  const o = item.outcome;
  switch (o.kind) {
    case "succeeded":
      return { item, status: "succeeded", output: o.output ?? null, handle: o.handle };
    case "failed":
      return { item, status: "failed", error: o.error };
    case "wait":
      return { item, status: "waiting", resume: { kind: "wait" }, untilMs: o.untilMs, delayMs: o.untilMs === undefined ? (o.delayMs ?? 0) : undefined };
    case "call": {
      // Check and lock the lease before starting a child, so a stale worker cannot start one.
      const [own] = await queryRows<{ id: unknown }>(tx, sql`select id from step_runs where id = ${item.step.id} and lease_version = ${item.step.leaseVersion} and status = 'running' for update`);
      if (!own) return { item, status: "failed", error: { message: "lease lost" } };
      const child = await startChild(tx, rt, exec, item.step, o, fx);
      if (child.error) return { item, status: "failed", error: child.error };
      if (o.wait) return { item, status: "waiting", park: true };
      return { item, status: "succeeded", output: { executionId: child.id } };
    }
  }
}

/**
 * Applies the workspace's step data cap (docs/decisions/0802): an output over it fails the step
 * and only a truncated marker is stored; an error's `data` and the logs are truncated.
 */
function capWrite(w: Write, cap: number): Write {
  const logsJson = capLogs(w.item.outcome.logs, cap);
  if (w.status === "succeeded") {
    const json = JSON.stringify(w.output ?? null);
    const bytes = jsonBytesOverCap(json, cap);
    if (bytes === null) return { ...w, outputJson: json, logsJson };
    const error: SerializedError = { message: outputTooLargeMessage(bytes, cap), code: STEP_DATA_TOO_LARGE, retryable: false, nodeId: w.item.step.nodeId, data: { outputBytes: bytes, capBytes: cap } };
    return { item: w.item, status: "failed", error, outputJson: JSON.stringify(truncatedMarker(json, bytes, cap)), logsJson };
  }
  if (w.error) {
    const json = JSON.stringify(w.error);
    const bytes = jsonBytesOverCap(json, cap);
    if (bytes !== null) {
      const { data, ...rest } = w.error;
      const dataJson = JSON.stringify(data ?? null);
      return { ...w, error: { ...rest, message: rest.message.slice(0, 2000), data: truncatedMarker(dataJson, Buffer.byteLength(dataJson), cap) }, logsJson };
    }
  }
  return { ...w, logsJson };
}

/** The logs' JSON, or one warning entry with a truncated marker when they are over the cap. */
function capLogs(logs: CommitItem["outcome"]["logs"], cap: number): string | null {
  if (!logs.length) return null;
  const json = JSON.stringify(logs);
  const bytes = jsonBytesOverCap(json, cap);
  if (bytes === null) return json;
  return JSON.stringify([{ level: "warn", message: `The logs of this step were over the storage limit; only their beginning is kept.`, data: truncatedMarker(json, bytes, cap) }]);
}

/** One UPDATE for every outcome, each guarded by (id, lease_version, status = running). */
async function fencedWrite(tx: Db, writes: Write[]): Promise<Set<number>> {
  if (writes.length === 0) return new Set();
  const values: SQL[] = writes.map((w) => {
    const logs = w.logsJson !== undefined ? w.logsJson : w.item.outcome.logs.length ? JSON.stringify(w.item.outcome.logs) : null;
    return sql`(${w.item.step.id}::bigint, ${w.item.step.leaseVersion}::int, ${w.status}::text,
      ${w.outputJson ?? (w.status === "succeeded" ? JSON.stringify(w.output ?? null) : null)}::jsonb, ${w.error ? JSON.stringify(w.error) : null}::jsonb,
      ${w.handle ?? null}::text, ${logs}::jsonb, ${w.resume === undefined ? null : JSON.stringify(w.resume)}::jsonb,
      ${w.untilMs ?? null}::float8, ${w.delayMs ?? null}::float8, ${w.park === true}::boolean)`;
  });
  const rows = await queryRows<{ id: string | number }>(
    tx,
    sql`update step_runs s set
          status = v.status::step_status,
          output = coalesce(v.output, s.output),
          error = case when v.status = 'failed' then v.error else s.error end,
          handle = v.handle,
          logs = case when v.logs is null then s.logs else coalesce(s.logs, '[]'::jsonb) || v.logs end,
          resume = case when v.status = 'waiting' then v.resume else s.resume end,
          run_at = case
            when v.status <> 'waiting' then s.run_at
            when v.park then null
            when v.until_ms is not null then greatest(now(), to_timestamp(v.until_ms / 1000.0))
            else now() + coalesce(v.delay_ms, 0) * interval '1 millisecond' end,
          finished_at = case when v.status = 'waiting' then s.finished_at else now() end,
          lease_owner = null, lease_expires_at = null
        from (values ${sql.join(values, sql`, `)}) as v(id, lv, status, output, error, handle, logs, resume, until_ms, delay_ms, park)
        where s.id = v.id and s.lease_version = v.lv and s.status = 'running'
        returning s.id`,
  );
  return new Set(rows.map((r) => Number(r.id)));
}

/** Nothing runs now (only parked steps, delayed retries): the execution shows as waiting. */
async function markWaitingIfIdle(tx: Db, executionId: string): Promise<void> {
  await tx.execute(
    sql`update executions set status = 'waiting' where id = ${executionId} and status = 'running'
        and not exists (select 1 from step_runs where execution_id = ${executionId}
                        and (status = 'running' or (status = 'queued' and run_at <= now())))`,
  );
}

export function publish(rt: Pick<RuntimeContext, "bus">, fx: TxEffects): void {
  if (fx.wake) fx.events.push({ type: "wake" });
  rt.bus.publish(fx.events);
}
