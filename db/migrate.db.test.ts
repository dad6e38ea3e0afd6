import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb, testDriver } from "./testing/test-db";
import { auditLog, workspaces } from "./schema";
import { dbErrorMessage } from "./errors";
import { queryRows } from "./client";

describe(`migrations on ${testDriver}`, () => {
  it("apply from empty, create every table, and are idempotent", async () => {
    const h = await createTestDb();
    try {
      const rows = await queryRows<{ table_name: string }>(
        h.db,
        sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      );
      const tables = rows.map((r) => r.table_name);
      for (const t of ["users", "sessions", "accounts", "verifications", "workspaces", "memberships", "invitations", "workflows", "workflow_versions", "audit_log"]) {
        expect(tables).toContain(t);
      }
      // Running the migrator again changes nothing and does not fail.
      const { migrateDb } = await import("./migrate");
      await migrateDb(h);
    } finally {
      await h.close();
    }
  });

  it("refuses to update or delete audit rows", async () => {
    const h = await createTestDb();
    try {
      const [ws] = await h.db.insert(workspaces).values({ name: "A" }).returning();
      await h.db.insert(auditLog).values({ workspaceId: ws!.id, actorLabel: "t", action: "x", targetType: "t", summary: "s" });
      const failure = (p: Promise<unknown>) => p.then(() => "no error", dbErrorMessage);
      expect(await failure(h.db.update(auditLog).set({ summary: "changed" }))).toMatch(/append-only/);
      expect(await failure(h.db.delete(auditLog))).toMatch(/append-only/);
    } finally {
      await h.close();
    }
  });
});
