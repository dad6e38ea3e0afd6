import path from "node:path";
import type { DbHandle } from "./client";

const migrationsFolder = path.join(process.cwd(), "db", "migrations");

/** Applies every pending migration with the runtime migrator of the handle's driver. */
export async function migrateDb(handle: DbHandle): Promise<void> {
  if (handle.driver === "pg") {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    // Two app processes starting at once must not both migrate: serialize on an advisory lock.
    const pool = handle.raw as import("pg").Pool;
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock(727274)");
      const { drizzle } = await import("drizzle-orm/node-postgres");
      await migrate(drizzle({ client }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock(727274)").catch(() => {});
      client.release();
    }
    return;
  }
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  await migrate(handle.db as never, { migrationsFolder });
}
