import { index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, bigserial } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { createdAt, uuidPrimaryKey, workspaceRef } from "./columns";

export const roleEnum = pgEnum("member_role", ["owner", "admin", "editor", "viewer"]);
export const ROLES = roleEnum.enumValues;
export type Role = (typeof ROLES)[number];

export const workspaces = pgTable("workspaces", {
  id: uuidPrimaryKey(),
  name: text("name").notNull(),
  timeZone: text("time_zone").notNull().default("UTC"),
  // Workspace-wide settings (naming convention, outbound allow-list, retention…), validated by zod in services.
  settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: workspaceRef(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    // Only the SHA-256 of the link's token is stored, so a database leak does not leak working links.
    tokenHash: text("token_hash").notNull().unique(),
    role: roleEnum("role").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    maxUses: integer("max_uses").notNull().default(1),
    uses: integer("uses").notNull().default(0),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("invitations_workspace_idx").on(t.workspaceId)],
);

/** Append-only: a database trigger (migration 0001) refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: workspaceRef(),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    summary: text("summary").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_workspace_time_idx").on(t.workspaceId, t.createdAt.desc(), t.id.desc())],
);
