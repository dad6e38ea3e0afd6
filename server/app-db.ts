import "server-only";
import { appDbOptions, createDb, type DbHandle } from "@/db/client";
import { migrateDb } from "@/db/migrate";

// Next.js bundles route handlers and instrumentation separately, so module state is not shared
// between them: the one database handle of the process lives on globalThis.
const g = globalThis as unknown as { __switchyardDb?: Promise<DbHandle> };

/** The process's database handle, opened and migrated once. A failed open is retried next call. */
export function getAppDb(): Promise<DbHandle> {
  if (!g.__switchyardDb) {
    g.__switchyardDb = (async () => {
      const handle = await createDb(appDbOptions());
      await migrateDb(handle);
      return handle;
    })();
    g.__switchyardDb.catch(() => {
      g.__switchyardDb = undefined;
    });
  }
  return g.__switchyardDb;
}
