import "server-only";
import { getAppDb } from "./app-db";

/** Runs once per server process: migrations now; background workers register here as they land. */
export async function startServerBackground(): Promise<void> {
  const handle = await getAppDb();
  console.log(`Switchyard: database ready (${handle.driver === "pg" ? "PostgreSQL" : "embedded PGlite"})`);
}
