// Benchmark fixtures: a scratch Postgres database, a workspace, and tables filled fast with SQL.
import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { createDb, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";
import { dataTables, users } from "@/db/schema";
import { createScratchDatabase } from "@/db/testing/test-db";
import { defineTable, type TableDefInput } from "@/server/data/field-types";
import { createWorkspace } from "@/server/services/workspaces";
import { systemActor } from "@/server/services/audit";
import { createTable } from "@/server/services/data-tables";
import { syncFieldIndexes } from "@/server/services/data-tables/indexes";

export async function benchDb(): Promise<DbHandle & { drop(): Promise<void> }> {
  process.env.TEST_DATABASE_URL ??= "postgres://postgres@127.0.0.1:5432/test";
  const scratch = await createScratchDatabase();
  const h = await createDb({ url: scratch.url, poolSize: 24 });
  await migrateDb(h);
  return { ...h, drop: async () => (await h.close(), await scratch.drop()) };
}

export async function benchWorkspace(h: DbHandle): Promise<string> {
  const id = randomUUID();
  await h.db.insert(users).values({ id, name: "Bench", email: `${id}@bench.test` });
  const ws = await createWorkspace(h.db, { id, name: "Bench", email: `${id}@bench.test` }, "Bench");
  return ws.id;
}

export const GRID_TABLE: TableDefInput = {
  name: "Big leads",
  uniqueKey: ["email"],
  fields: [
    { key: "email", label: "E-mail", type: "email" },
    { key: "name", label: "Name", type: "text", indexed: true },
    { key: "segment", label: "Segment", type: "single_select", options: ["Enterprise", "SMB", "Startup", "Other"], indexed: true },
    { key: "score", label: "Score", type: "number", indexed: true },
    { key: "received_at", label: "Received", type: "datetime", indexed: true },
  ],
};

/** A table of `rows` synthetic leads, generated in SQL; the indexes are built after the load, as a restore would. */
export async function bigTable(h: DbHandle, workspaceId: string, rows: number): Promise<{ id: string; loadMs: number; indexMs: number }> {
  const plain = { ...GRID_TABLE, fields: GRID_TABLE.fields.map((f) => ({ ...f, indexed: false })) };
  const t = await createTable(h.db, workspaceId, systemActor, plain);
  const started = performance.now();
  const step = 200_000;
  for (let from = 1; from <= rows; from += step) {
    const to = Math.min(rows, from + step - 1);
    await h.db.execute(sql`insert into data_rows (table_id, workspace_id, "values", unique_key)
      select ${t.id}::uuid, ${workspaceId}::uuid,
        jsonb_build_object('email', 'lead' || g || '@example.com', 'name', 'Person ' || ((g::bigint * 7919) % 1000003),
          'segment', (array['Enterprise','SMB','Startup','Other'])[1 + g % 4], 'score', (g::bigint * 31337) % 1000,
          'received_at', to_char(timestamp '2024-01-01' + (g % 525600) * interval '1 minute', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"')),
        '["lead' || g || '@example.com"]'
      from generate_series(${from}::int, ${to}::int) g`);
  }
  const loadMs = performance.now() - started;
  const def = defineTable(GRID_TABLE);
  const i0 = performance.now();
  await h.db.update(dataTables).set({ definition: def as unknown as Record<string, unknown>, rowCount: rows }).where(eq(dataTables.id, t.id));
  await syncFieldIndexes(h.db, t.id, def, []);
  await h.db.execute(sql`analyze data_rows`);
  return { id: t.id, loadMs, indexMs: performance.now() - i0 };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
