// Starting many new top-level executions in ONE statement (batched intake, docs/decisions/0304).
// createExecution costs several round trips per execution inside a transaction; under load intake
// collects what arrived while its previous commit was in flight and stores it all here, as one
// auto-committed statement: per workflow the admission decision (switchyard_decide_starts,
// migration 0010), the caller's gate rows (the inbox), every execution and every first step (and,
// after a prerun, the steps that already ran). Foreign keys are checked at the end of the
// statement, so the gate may point at executions the statement itself inserts. The statement's
// text never changes (its rows travel as one JSON parameter), so it is prepared once per connection.
import { createHash } from "node:crypto";
import { preparedRows, type Db } from "@/db/client";
import { DEFAULT_EXECUTION_TIMEOUT_MS, DEFAULT_WORKFLOW_CONCURRENCY } from "@/server/engine/graph";
import { next, type Command } from "@/server/engine/interpreter";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import { parseScope, type RunState } from "@/server/engine/state";
import { insertedSteps, type ChainedRow, type InsertedStepRow } from "./apply";
import { indexedGraph, storeGraph } from "./graph-store";
import type { NewExecution, TxEffects } from "./lifecycle";
import type { Prerun } from "./prerun";
import { deliversByNotify, PROGRESS_CHANNEL } from "./progress";
import { packedState } from "./state-store";

/** A new top-level execution (no parent, not an error handler: those start through createExecution). */
export interface FreshExecution extends Pick<NewExecution, "workspaceId" | "workflowId" | "workflowVersion" | "mode" | "graph" | "triggerNodeId" | "triggerData"> {
  /** Chosen by the caller (its gate rows point at it). */
  id: string;
  /** Steps already run in memory (intake's prerun); without it the run starts at its trigger. */
  prerun?: Prerun;
}

export interface StartedTogether {
  /** Executions inserted (their gate row went in), with the status they got. */
  inserted: Map<string, "running" | "queued" | "succeeded">;
  /** Left out (a taken key, a prerun that ended in a failure): start them one by one. */
  oneByOne: FreshExecution[];
  /** Workflows whose new executions were queued while slots may be free: run admission now (admitQueued). */
  admit: Array<{ workflowId: string; limit: number }>;
}

/**
 * The caller's rows, inserted in the same statement: `cte` is the body of a data-modifying CTE
 * that reads its rows from `p.j->'gate'`, inserts ONLY those whose execution id is in
 * `(select id from allowed)`, and returns `execution_id` for each row it really inserted. `name`
 * identifies the text (prepared statements are named after it).
 */
export interface Gate {
  name: string;
  cte: string;
  rows: unknown[];
}

const statements = new Map<string, { name: string; text: string }>();

function statementFor(gate: Gate) {
  let st = statements.get(gate.name);
  if (st) return st;
  const text = `with p as materialized (select $1::jsonb as j),
    adm as materialized (
      select w.wf, switchyard_decide_starts(w.wf, w.lim, w.n) as d
      from p, jsonb_to_recordset(p.j->'groups') as w(wf uuid, lim int, n int)),
    allowed as (
      select m.id, (adm.d = 'start' or m.ended) as started
      from p, jsonb_to_recordset(p.j->'execs') as m(id uuid, wf uuid, ended boolean) join adm on adm.wf = m.wf),
    gate as (${gate.cte}),
    e as (
      insert into executions (id, workspace_id, workflow_id, workflow_version, mode, graph_hash, trigger_node_id, trigger_data, state, timeout_ms,
                              status, result, started_at, deadline_at, finished_at)
      select v.id, v.ws, v.wf, v.ver, v.mode, v.hash, v.trig, v.data, case when a.started then v.state end, v.timeout,
             case when a.started then v.status else 'queued' end, case when a.started then v.result end,
             case when a.started then now() end,
             case when a.started and v.status = 'running' then now() + v.timeout * interval '1 millisecond' end,
             case when a.started and v.status = 'succeeded' then now() end
      from p, jsonb_to_recordset(p.j->'execs') as v(id uuid, ws uuid, wf uuid, ver int, mode execution_mode, hash text, trig text, data jsonb,
                                                     state jsonb, timeout int, status execution_status, result jsonb)
      join allowed a on a.id = v.id
      where v.id in (select execution_id from gate)
      returning id, workspace_id, status),
    -- The executions' progress events, sent by the statement itself (delivered at its commit) when
    -- the bus runs on NOTIFY: the same payloads the bus would send, in chunks under its size limit.
    notified as (
      select pg_notify('${PROGRESS_CHANNEL}', json_agg(json_build_object('type', 'execution', 'workspaceId', n.workspace_id, 'executionId', n.id, 'status', n.status))::text)
      from (select e.*, (row_number() over ()) / 40 as chunk from e, p where (p.j->>'notify')::boolean) n
      group by n.chunk),
    s as (
      insert into step_runs as s (execution_id, workspace_id, node_id, scope, item_index, attempt, status, input, run_at, lease_version,
                                  started_at, finished_at, output, handle, logs)
      select v.eid, v.ws, v.node, v.scope, v.item, v.attempt, v.status, v.input,
             case when v.status = 'queued' then now() + v.delay * interval '1 millisecond' end, 0,
             case when v.status <> 'queued' then now() end, case when v.status <> 'queued' then now() end,
             v.output, v.handle, v.logs
      from p, jsonb_to_recordset(p.j->'steps') as v(eid uuid, ws uuid, node text, scope text, item int, attempt int, status step_status,
                                                     input jsonb, delay float8, output jsonb, handle text, logs jsonb)
      join allowed a on a.id = v.eid
      where a.started and v.eid in (select execution_id from gate)
      on conflict do nothing
      returning s.id, s.execution_id, s.workspace_id, s.node_id, s.scope, s.item_index, s.attempt, s.lease_version, s.input, s.resume,
                s.worker_losses, s.status, s.lease_owner)
    select (select json_agg(json_build_object('id', e.id, 'status', e.status)) from e) as execs,
           -- Steps of runs that ended in this statement are not announced: not sent back either.
           (select json_agg(s) from s where s.execution_id not in (select e.id from e where e.status = 'succeeded')) as steps,
           (select json_agg(adm.wf) from adm where adm.d = 'queue-and-admit') as admit,
           (select count(*) from notified) as notified`;
  st = { name: `sy_start_${createHash("sha256").update(text).digest("hex").slice(0, 16)}`, text };
  statements.set(gate.name, st);
  return st;
}

/** The step rows of one new execution: what ran (succeeded), what was skipped, what is queued. */
function stepRows(id: string, workspaceId: string, commands: Command[], ran: ChainedRow[] = []) {
  const base = (nodeId: string, scope: string, attempt: number) => ({ eid: id, ws: workspaceId, node: nodeId, scope, item: parseScope(scope)?.index ?? null, attempt });
  // Written out rather than spread from base(): this runs for every step of every request.
  const rows: Array<Record<string, unknown>> = ran.map((c) => ({
    eid: id,
    ws: workspaceId,
    node: c.nodeId,
    scope: c.scope,
    item: parseScope(c.scope)?.index ?? null,
    attempt: 1,
    status: "succeeded",
    input: c.input,
    output: c.output ?? null,
    handle: c.handle ?? null,
    logs: c.logs.length ? c.logs : null,
  }));
  for (const c of commands) {
    if (c.type === "skip") rows.push({ ...base(c.nodeId, c.scope, 1), status: "skipped" });
    else if (c.type === "enqueue") rows.push({ ...base(c.nodeId, c.scope, c.attempt), status: "queued", input: c.input, delay: c.delayMs });
  }
  return rows;
}

export async function startExecutionsTogether(db: Db, items: FreshExecution[], catalog: NodeCatalogLookup, fx: TxEffects, gate: Gate): Promise<StartedTogether> {
  // A run whose prerun ended other than in success takes the full path (error workflow, etc.).
  const oneByOne = items.filter((it) => it.prerun?.finish && it.prerun.finish.status !== "succeeded");
  const batch = items.filter((it) => !oneByOne.includes(it));
  if (batch.length === 0) return { inserted: new Map(), oneByOne, admit: [] };

  const groups = new Map<string, { wf: string; lim: number; n: number }>();
  const execs: Array<Record<string, unknown>> = [];
  const steps: Array<Record<string, unknown>> = [];
  for (const it of batch) {
    const finish = it.prerun?.finish;
    // A run that already ended in memory needs no slot (it never runs as far as the limit is concerned).
    const g = groups.get(it.workflowId) ?? { wf: it.workflowId, lim: it.graph.settings.concurrency ?? DEFAULT_WORKFLOW_CONCURRENCY, n: 0 };
    if (!finish) g.n++;
    groups.set(it.workflowId, g);
    const hash = await storeGraph(db, it.graph, db);
    let state: RunState;
    let commands: Command[];
    if (it.prerun) {
      state = it.prerun.state;
      commands = it.prerun.commands;
    } else {
      const r = next(indexedGraph(it.graph, catalog).index, undefined, { type: "start", triggerNodeId: it.triggerNodeId });
      state = r.state;
      commands = r.commands;
    }
    execs.push({
      id: it.id,
      ws: it.workspaceId,
      wf: it.workflowId,
      ver: it.workflowVersion,
      mode: it.mode,
      hash,
      trig: it.triggerNodeId,
      data: it.triggerData ?? null,
      state: packedState(state),
      timeout: it.graph.settings.timeoutMs ?? DEFAULT_EXECUTION_TIMEOUT_MS,
      status: finish ? "succeeded" : "running",
      result: finish && finish.status === "succeeded" ? (finish.result ?? null) : null,
      ended: !!finish,
    });
    steps.push(...stepRows(it.id, it.workspaceId, commands, it.prerun?.ran));
  }
  const st = statementFor(gate);
  const notify = deliversByNotify(db);
  const params = JSON.stringify({ groups: [...groups.values()], execs, steps, gate: gate.rows, notify });
  const [row] = await preparedRows<{ execs: Array<{ id: string; status: "running" | "queued" | "succeeded" }> | null; steps: InsertedStepRow[] | null; admit: string[] | null }>(db, st.name, st.text, [params]);
  const inserted = new Map((row?.execs ?? []).map((e) => [e.id, e.status]));
  if (!notify) {
    for (const it of batch) {
      const status = inserted.get(it.id);
      if (status) fx.events.push({ type: "execution", workspaceId: it.workspaceId, executionId: it.id, status });
    }
  }
  // A run that ended in this statement is announced by its execution event alone: nobody can be
  // watching its steps live, and under load their events were most of the notification traffic.
  const { events } = insertedSteps((row?.steps ?? []).filter((s) => inserted.get(s.execution_id) !== "succeeded"));
  fx.events.push(...events);
  if (events.some((e) => e.type === "step" && e.status === "queued")) fx.wake = true;
  const admit = (row?.admit ?? []).map((wf) => ({ workflowId: wf, limit: groups.get(wf)!.lim }));
  // Not inserted: a taken key (sorted out one by one: duplicate, expired window).
  return { inserted, oneByOne: [...oneByOne, ...batch.filter((it) => !inserted.has(it.id))], admit };
}
