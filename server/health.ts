import "server-only";
import { sql } from "drizzle-orm";
import { appDbOptions } from "@/db/client";
import { getAppDb } from "./app-db";

const TIMEOUT_MS = 3000;

export async function checkDatabaseHealth(): Promise<{ ok: boolean; driver: string; latencyMs?: number; error?: string }> {
  const driver = appDbOptions().url ? "postgres" : "pglite";
  const started = performance.now();
  try {
    const probe = (async () => {
      const { db } = await getAppDb();
      await db.execute(sql`select 1`);
    })();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    });
    await Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
    return { ok: true, driver, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { ok: false, driver, error: e instanceof Error ? e.message : String(e) };
  }
}
