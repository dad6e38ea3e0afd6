// One Drizzle handle over either driver: node-postgres when a URL is given, PGlite otherwise.
// Everything above this file is typed against `Db` (the shared PgDatabase base class).
import path from "node:path";
import fs from "node:fs";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import * as schema from "./schema";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Driver = "pg" | "pglite";

export interface DbHandle {
  db: Db;
  driver: Driver;
  /** The raw driver client, for LISTEN/NOTIFY and driver-specific needs. */
  raw: import("pg").Pool | import("@electric-sql/pglite").PGlite;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres:// URL; when absent, PGlite is used. */
  url?: string;
  /** PGlite data directory; undefined means in-memory. */
  dataDir?: string;
  poolSize?: number;
}

export async function createDb(opts: DbOptions): Promise<DbHandle> {
  if (opts.url) {
    const { Pool } = await import("pg");
    const { drizzle } = await import("drizzle-orm/node-postgres");
    const pool = new Pool({ connectionString: opts.url, max: opts.poolSize ?? 10 });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on("error", () => {});
    const db = drizzle({ client: pool, schema }) as unknown as Db;
    return { db, driver: "pg", raw: pool, close: () => pool.end() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  if (opts.dataDir) fs.mkdirSync(opts.dataDir, { recursive: true });
  const client = opts.dataDir ? await PGlite.create(opts.dataDir) : await PGlite.create();
  const db = drizzle({ client, schema }) as unknown as Db;
  return { db, driver: "pglite", raw: client, close: () => client.close() };
}

export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.SWITCHYARD_DATA_DIR ?? ".switchyard");
}

/** Options for the app's own database, from the environment. */
export function appDbOptions(): DbOptions {
  const url = process.env.DATABASE_URL?.trim();
  if (url) return { url };
  return { dataDir: path.join(dataDir(), "pglite") };
}

/** Runs raw SQL and returns its rows; both drivers answer with `{ rows }`. */
export async function queryRows<T>(db: Db, query: import("drizzle-orm").SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

/**
 * Runs a FIXED SQL text; on node-postgres as a named prepared statement, so each connection parses
 * and plans it once (the hot intake statement, where planning was a visible share of its cost).
 * `name` must be unique to `text`.
 */
export async function preparedRows<T>(db: Db, name: string, text: string, params: unknown[]): Promise<T[]> {
  const client = (db as unknown as { $client: { query: (...a: unknown[]) => Promise<{ rows: T[] }>; totalCount?: number } }).$client;
  if (typeof client.totalCount === "number") return (await client.query({ name, text, values: params })).rows;
  return (await client.query(text, params)).rows;
}
