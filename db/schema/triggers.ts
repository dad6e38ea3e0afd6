// Trigger intake: stable webhook URLs per trigger node, the durable inbox (dedupe by key within
// a window), and schedule ticks (one row per trigger and tick, so a tick runs once).
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { executionModeEnum, executions } from "./engine";

import { createdAt, uuidPrimaryKey, workflowRef, workspaceRef } from "./columns";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    workflowId: workflowRef(),
    /** The trigger node in the workflow's graph (stable across renames). */
    nodeId: text("node_id").notNull(),
    /** The secret part of the URL: /api/hooks/<token> and /api/hooks/test/<token>. */
    token: text("token").notNull(),
    /** Requests refused for a bad or missing signature: only counted, never stored. */
    signatureFailures: integer("signature_failures").notNull().default(0),
    /** The last request captured on the test URL: the trigger's sample data for mapping. */
    lastTestEvent: jsonb("last_test_event"),
    lastEventAt: timestamp("last_event_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("webhook_endpoints_token_uq").on(t.token), uniqueIndex("webhook_endpoints_node_uq").on(t.workflowId, t.nodeId)],
);

export const webhookInbox = pgTable(
  "webhook_inbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    mode: executionModeEnum("mode").notNull(),
    /** Delivery id, configured key or body hash; unique per endpoint and mode within its window. */
    dedupeKey: text("dedupe_key").notNull(),
    dedupeSource: text("dedupe_source").notNull(),
    executionId: uuid("execution_id").references(() => executions.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** After this the key may be used again (and the row may be pruned). */
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("webhook_inbox_dedupe_uq").on(t.endpointId, t.mode, t.dedupeKey),
    index("webhook_inbox_expires_idx").on(t.expiresAt),
    index("webhook_inbox_execution_idx").on(t.executionId).where(sql`${t.executionId} is not null`),
  ],
);

export const scheduleTicks = pgTable(
  "schedule_ticks",
  {
    workflowId: workflowRef(),
    nodeId: text("node_id").notNull(),
    scheduledFor: timestamp("scheduled_for", { withTimezone: true }).notNull(),
    executionId: uuid("execution_id"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("schedule_ticks_uq").on(t.workflowId, t.nodeId, t.scheduledFor)],
);
