// The step data cap of each workspace (`settings.retention.stepDataMaxMiB`, default 1 MiB), read
// by the commit path. Cached per process for 30 s so commits do not read the workspace row;
// a change made through the settings service applies at once in its own process.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { DEFAULT_STEP_DATA_CAP, MAX_STEP_DATA_CAP_MIB } from "@/server/monitoring/step-data-cap";

const TTL_MS = 30_000;
const cache = new Map<string, { cap: number; at: number }>();

export function capFromSetting(mib: unknown): number {
  const n = typeof mib === "string" ? Number(mib) : mib;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_STEP_DATA_CAP_MIB ? n * 1024 * 1024 : DEFAULT_STEP_DATA_CAP;
}

export async function stepDataCaps(db: Db, workspaceIds: string[]): Promise<Map<string, number>> {
  const now = Date.now();
  const out = new Map<string, number>();
  const missing: string[] = [];
  for (const id of new Set(workspaceIds)) {
    const hit = cache.get(id);
    if (hit && now - hit.at < TTL_MS) out.set(id, hit.cap);
    else missing.push(id);
  }
  if (missing.length) {
    const rows = await queryRows<{ id: string; mib: string | null }>(
      db,
      sql`select id, settings->'retention'->>'stepDataMaxMiB' as mib from workspaces where id in (${sql.join(missing.map((id) => sql`${id}::uuid`), sql`, `)})`,
    );
    const found = new Map(rows.map((r) => [r.id, capFromSetting(r.mib)]));
    if (cache.size > 5000) cache.clear();
    for (const id of missing) {
      const cap = found.get(id) ?? DEFAULT_STEP_DATA_CAP;
      cache.set(id, { cap, at: now });
      out.set(id, cap);
    }
  }
  return out;
}

/** Called when a workspace's setting changes (this process sees it at once, others within 30 s). */
export function forgetStepDataCap(workspaceId: string): void {
  cache.delete(workspaceId);
}
