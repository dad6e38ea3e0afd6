// How RunState is stored. A loop's item list never changes once the loop starts and is already
// stored as the loop step's output, so it is left out of executions.state (which is rewritten on
// every commit of the run) and put back from that row when the state is read.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import type { RunState } from "@/server/engine/state";

type StoredLoop = RunState["loops"][string] & { itemsStored?: number };

export function packState(state: RunState): string {
  return JSON.stringify(packedState(state));
}

/** What packState serializes (for callers that embed it in a larger JSON document). */
export function packedState(state: RunState): unknown {
  if (Object.keys(state.loops).length === 0) return state;
  const loops: Record<string, StoredLoop> = {};
  for (const [k, l] of Object.entries(state.loops)) loops[k] = { ...l, items: [], itemsStored: l.items.length };
  return { ...state, loops };
}

const itemsCache = new Map<string, unknown[]>();

export async function unpackState(db: Db, executionId: string, stored: RunState | null): Promise<RunState | undefined> {
  if (!stored) return undefined;
  const packed = Object.entries(stored.loops as Record<string, StoredLoop>).filter(([, l]) => l.itemsStored !== undefined);
  if (packed.length === 0) return stored;
  const loops: RunState["loops"] = { ...stored.loops };
  for (const [key, l] of packed) {
    const cacheKey = `${executionId}|${key}`;
    let items = itemsCache.get(cacheKey);
    if (!items) {
      const bar = key.lastIndexOf("|");
      const [row] = await queryRows<{ output: unknown }>(
        db,
        sql`select output from step_runs where execution_id = ${executionId} and node_id = ${key.slice(bar + 1)} and scope = ${key.slice(0, bar)} and status = 'succeeded'`,
      );
      const out = row?.output;
      // The same normalization the interpreter applied when the loop started.
      items = Array.isArray(out) ? out : out === undefined || out === null ? [] : [out];
      if (items.length !== l.itemsStored) throw new Error(`Loop items of ${key} do not match the stored state`);
      if (itemsCache.size >= 200) itemsCache.delete(itemsCache.keys().next().value as string);
      itemsCache.set(cacheKey, items);
    }
    const { itemsStored: _stored, ...rest } = l;
    loops[key] = { ...rest, items };
  }
  return { ...stored, loops };
}
