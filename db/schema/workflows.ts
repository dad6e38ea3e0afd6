import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

import { createdAt, uuidPrimaryKey, workflowRef, workspaceRef } from "./columns";

export const workflowStatusEnum = pgEnum("workflow_status", ["draft", "active", "paused"]);

/** The stored graph document; its shape is validated by server/engine/graph.ts. */
export type StoredGraph = Record<string, unknown>;

export const workflows = pgTable(
  "workflows",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    tags: jsonb("tags").$type<string[]>().notNull().default([]),
    draftGraph: jsonb("draft_graph").$type<StoredGraph>().notNull(),
    draftRevision: integer("draft_revision").notNull().default(1),
    status: workflowStatusEnum("status").notNull().default("draft"),
    publishedVersion: integer("published_version"),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    index("workflows_workspace_updated_idx")
      .on(t.workspaceId, t.updatedAt.desc())
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    workflowId: workflowRef(),
    version: integer("version").notNull(),
    graph: jsonb("graph").$type<StoredGraph>().notNull(),
    note: text("note").notNull().default(""),
    createdBy: text("created_by"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("workflow_versions_workflow_version_uq").on(t.workflowId, t.version)],
);
