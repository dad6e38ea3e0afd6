// Turns interpreter commands into step rows, inside the caller's transaction: one INSERT for all
// the executions of a commit batch.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { Command } from "@/server/engine/interpreter";
import { parseScope } from "@/server/engine/state";
import { CLAIM_RETURNING, toClaimed, type ClaimedStep } from "./queue";
import type { ProgressEvent } from "./progress";

export interface LocalClaim {
  owner: string;
  leaseMs: number;
  /** How many new due steps the calling worker takes itself (claim on insert, no queue round trip). */
  max: number;
}

/** Extra rows written as already succeeded: pure steps that ran chained in memory. */
export interface ChainedRow {
  nodeId: string;
  scope: string;
  input: unknown;
  output: unknown;
  handle?: string;
  logs: unknown[];
  /** Already serialized (and the logs capped) by the commit. */
  outputJson?: string;
  logsJson?: string | null;
}

export interface Applied {
  /** Steps inserted already claimed by the caller. */
  claimed: ClaimedStep[];
  /** Whether steps were queued for any worker (wake idle workers). */
  queued: boolean;
  finishes: Map<string, Extract<Command, { type: "finish" }>>;
  events: ProgressEvent[];
}

type Exec = { id: string; workspaceId: string };
const NO_OUTPUT = sql`null::jsonb, null::text, null::jsonb`;

/** The step_runs rows (as typed VALUES tuples) that the commands and chained steps become. */
export function stepRowValues(
  batches: Array<{ exec: Exec; commands: Command[]; chained?: ChainedRow[] }>,
  local?: LocalClaim,
): { values: SQL[]; queued: boolean; finishes: Map<string, Extract<Command, { type: "finish" }>> } {
  const values: SQL[] = [];
  let localLeft = local?.max ?? 0;
  let queued = false;
  const finishes = new Map<string, Extract<Command, { type: "finish" }>>();
  const row = (e: Exec, nodeId: string, scope: string, attempt: number, rest: SQL) =>
    sql`(${e.id}::uuid, ${e.workspaceId}::uuid, ${nodeId}::text, ${scope}::text, ${parseScope(scope)?.index ?? null}::int, ${attempt}::int, ${rest})`;
  for (const { exec, commands, chained = [] } of batches) {
    for (const c of chained) {
      const logs = c.logsJson !== undefined ? c.logsJson : c.logs.length ? JSON.stringify(c.logs) : null;
      const out = sql`${c.outputJson ?? JSON.stringify(c.output ?? null)}::jsonb, ${c.handle ?? null}::text, ${logs}::jsonb`;
      values.push(row(exec, c.nodeId, c.scope, 1, sql`'succeeded'::step_status, ${JSON.stringify(c.input)}::jsonb, null::timestamptz, null::text, null::timestamptz, 0, now(), now(), ${out}`));
    }
    for (const c of commands) {
      if (c.type === "finish") {
        finishes.set(exec.id, c);
      } else if (c.type === "skip") {
        values.push(row(exec, c.nodeId, c.scope, 1, sql`'skipped'::step_status, null::jsonb, null::timestamptz, null::text, null::timestamptz, 0, now(), now(), ${NO_OUTPUT}`));
      } else if (local && localLeft > 0 && c.delayMs === 0) {
        localLeft--;
        const lease = sql`now() + ${local.leaseMs} * interval '1 millisecond'`;
        values.push(row(exec, c.nodeId, c.scope, c.attempt, sql`'running'::step_status, ${JSON.stringify(c.input)}::jsonb, now(), ${local.owner}::text, ${lease}, 1, now(), null::timestamptz, ${NO_OUTPUT}`));
      } else {
        queued = true;
        const runAt = sql`now() + ${c.delayMs} * interval '1 millisecond'`;
        values.push(row(exec, c.nodeId, c.scope, c.attempt, sql`'queued'::step_status, ${JSON.stringify(c.input)}::jsonb, ${runAt}, null::text, null::timestamptz, 0, null::timestamptz, null::timestamptz, ${NO_OUTPUT}`));
      }
    }
  }
  return { values, queued, finishes };
}

const STEP_COLUMNS = sql.raw(
  "execution_id, workspace_id, node_id, scope, item_index, attempt, status, input, run_at, lease_owner, lease_expires_at, lease_version, started_at, finished_at, output, handle, logs",
);

export type InsertedStepRow = Parameters<typeof toClaimed>[0] & { status: string; lease_owner: string | null };

/** Claimed steps and progress events of the rows an insert returned. */
export function insertedSteps(rows: InsertedStepRow[], local?: LocalClaim): { claimed: ClaimedStep[]; events: ProgressEvent[] } {
  const events: ProgressEvent[] = [];
  const claimed: ClaimedStep[] = [];
  for (const r of rows) {
    if (r.status === "running" && local && r.lease_owner === local.owner) claimed.push(toClaimed(r));
    events.push({ type: "step", workspaceId: r.workspace_id, executionId: r.execution_id, stepId: Number(r.id), nodeId: r.node_id, scope: r.scope, status: r.status, attempt: r.attempt });
  }
  return { claimed, events };
}

export async function applyCommands(
  tx: Db,
  batches: Array<{ exec: Exec; commands: Command[]; chained?: ChainedRow[] }>,
  local?: LocalClaim,
): Promise<Applied> {
  const { values, queued, finishes } = stepRowValues(batches, local);
  if (!values.length) return { claimed: [], queued, finishes, events: [] };
  const rows = await queryRows<InsertedStepRow>(
    tx,
    sql`insert into step_runs as s (${STEP_COLUMNS})
        values ${sql.join(values, sql`, `)}
        on conflict do nothing
        returning ${CLAIM_RETURNING}, s.status, s.lease_owner`,
  );
  return { ...insertedSteps(rows, local), queued, finishes };
}
