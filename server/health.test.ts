import { describe, expect, it } from "vitest";

describe("database health", () => {
  it("reports the database as unavailable when Postgres cannot be reached", async () => {
    process.env.DATABASE_URL = "postgres://nobody@127.0.0.1:1/none";
    try {
      const { checkDatabaseHealth } = await import("./health");
      const res = await checkDatabaseHealth();
      expect(res.ok).toBe(false);
      expect(res.driver).toBe("postgres");
      expect(res.error).toMatch(/ECONNREFUSED|connect/);
    } finally {
      delete process.env.DATABASE_URL;
      delete (globalThis as { __switchyardDb?: unknown }).__switchyardDb;
    }
  });
});
