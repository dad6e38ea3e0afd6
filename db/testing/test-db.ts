// Integration tests run against a real database: in-memory PGlite by default, or a fresh
// database on the Postgres server at TEST_DATABASE_URL when TEST_DB=pg.
import { randomBytes } from "node:crypto";
import { createDb, type DbHandle } from "../client";
import { migrateDb } from "../migrate";

export const testDriver = process.env.TEST_DB === "pg" ? "pg" : "pglite";

export function testServerUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("TEST_DB=pg needs TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
  return url;
}

/** A fresh Postgres database on the test server; returns its URL and a drop function. */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { Client } = await import("pg");
  const serverUrl = testServerUrl();
  const name = `sy_t_${randomBytes(6).toString("hex")}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestDb extends DbHandle {
  /** URL of the scratch Postgres database (pg driver only), for child processes. */
  url?: string;
}

export async function createTestDb(opts: { poolSize?: number } = {}): Promise<TestDb> {
  if (testDriver === "pg") {
    const scratch = await createScratchDatabase();
    const handle = await createDb({ url: scratch.url, poolSize: opts.poolSize });
    await migrateDb(handle);
    return {
      ...handle,
      url: scratch.url,
      async close() {
        await handle.close();
        await scratch.drop();
      },
    };
  }
  const handle = await createDb({});
  await migrateDb(handle);
  return handle;
}
