// Monitoring: alert channels and rules, incidents (one per rule and subject while open) and their
// notifications, SLA monitors, the failure log the error dashboard groups, and manual retries.
// Indexes on executions for the runs page are raw SQL in the migration (0006_monitoring.sql)
// because the executions table belongs to db/schema/engine.ts.
import { sql } from "drizzle-orm";
import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { executionModeEnum, executions } from "./engine";
import { workflows } from "./workflows";

import { createdAt, uuidPrimaryKey, workflowRef, workspaceRef } from "./columns";

export const alertChannelKindEnum = pgEnum("alert_channel_kind", ["email", "slack", "webhook"]);
export const alertRuleKindEnum = pgEnum("alert_rule_kind", ["any_failure", "consecutive_failures", "failure_rate", "credential_reconnect", "sla_breach"]);
export const incidentStatusEnum = pgEnum("incident_status", ["open", "resolved"]);
export const slaKindEnum = pgEnum("sla_kind", ["p95_duration", "success_rate", "freshness"]);
export const slaHealthEnum = pgEnum("sla_health", ["unknown", "green", "amber", "red"]);

export type AlertChannelKind = (typeof alertChannelKindEnum.enumValues)[number];
export type AlertRuleKind = (typeof alertRuleKindEnum.enumValues)[number];
export type SlaKind = (typeof slaKindEnum.enumValues)[number];
export type SlaHealth = (typeof slaHealthEnum.enumValues)[number];

export const alertChannels = pgTable(
  "alert_channels",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    kind: alertChannelKindEnum("kind").notNull(),
    /** email: { to[], credentialId? }; slack/webhook: { url }. No secrets here. */
    config: jsonb("config").$type<Record<string, unknown>>().notNull(),
    /** The generic webhook's signing secret, encrypted with the credentials vault. */
    secretEnc: text("secret_enc"),
    createdAt: createdAt(),
  },
  (t) => [index("alert_channels_workspace_idx").on(t.workspaceId)],
);

export const alertRules = pgTable(
  "alert_rules",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    kind: alertRuleKindEnum("kind").notNull(),
    /** null: every workflow of the workspace. */
    workflowId: uuid("workflow_id").references(() => workflows.id, { onDelete: "cascade" }),
    /** consecutive: { count }; failure_rate: { percent, windowMinutes, minRuns }; any_failure: { quietMinutes }. */
    params: jsonb("params").$type<Record<string, number>>().notNull().default({}),
    channelIds: jsonb("channel_ids").$type<string[]>().notNull().default([]),
    enabled: boolean("enabled").notNull().default(true),
    createdAt: createdAt(),
  },
  (t) => [index("alert_rules_workspace_idx").on(t.workspaceId)],
);

export const alertIncidents = pgTable(
  "alert_incidents",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    ruleId: uuid("rule_id")
      .notNull()
      .references(() => alertRules.id, { onDelete: "cascade" }),
    /** What the incident is about: "workflow:<id>", "credential:<id>", "sla:<id>". */
    subjectKey: text("subject_key").notNull(),
    subjectLabel: text("subject_label").notNull(),
    status: incidentStatusEnum("status").notNull().default("open"),
    /** How many failures (or evaluations in breach) the incident groups. */
    count: integer("count").notNull().default(1),
    summary: text("summary").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  },
  (t) => [
    // The claim: at most one open incident per rule and subject, whoever evaluates.
    uniqueIndex("alert_incidents_open_uq").on(t.ruleId, t.subjectKey).where(sql`${t.status} = 'open'`),
    index("alert_incidents_workspace_idx").on(t.workspaceId, t.openedAt.desc()),
  ],
);

export const alertNotifications = pgTable(
  "alert_notifications",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => alertIncidents.id, { onDelete: "cascade" }),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => alertChannels.id, { onDelete: "cascade" }),
    event: text("event").$type<"opened" | "resolved">().notNull(),
    /** pending (claimed, being sent), sent, failed (retried up to 5 attempts). */
    status: text("status").$type<"pending" | "sent" | "failed">().notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    /** A sender holds the row until then; another evaluator may retry after it. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    createdAt: createdAt(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
  },
  (t) => [
    // Exactly one notification per incident, channel and event, whoever evaluates.
    uniqueIndex("alert_notifications_once_uq").on(t.incidentId, t.channelId, t.event),
    index("alert_notifications_retry_idx").on(t.status).where(sql`${t.status} <> 'sent'`),
  ],
);

export const slaMonitors = pgTable(
  "sla_monitors",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    workflowId: workflowRef(),
    kind: slaKindEnum("kind").notNull(),
    /** p95_duration: max seconds; success_rate: min percent; freshness: max minutes between successes. */
    threshold: doublePrecision("threshold").notNull(),
    windowMinutes: integer("window_minutes").notNull().default(1440),
    health: slaHealthEnum("health").notNull().default("unknown"),
    lastValue: doublePrecision("last_value"),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index("sla_monitors_workspace_idx").on(t.workspaceId, t.workflowId)],
);

/** One row per failed execution with its error fingerprint, filled by the monitoring job. */
export const executionFailures = pgTable(
  "execution_failures",
  {
    executionId: uuid("execution_id")
      .primaryKey()
      .references(() => executions.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id").notNull(),
    workflowId: uuid("workflow_id").notNull(),
    mode: text("mode").notNull(),
    nodeId: text("node_id"),
    nodeType: text("node_type").notNull(),
    fingerprint: text("fingerprint").notNull(),
    message: text("message").notNull(),
    failedAt: timestamp("failed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("execution_failures_group_idx").on(t.workspaceId, t.failedAt.desc()),
    index("execution_failures_fp_idx").on(t.workspaceId, t.fingerprint, t.failedAt.desc()),
  ],
);

/**
 * Manual retries from the failed step: the failed run stays as it was; a new run continues it
 * (copies of the kept step rows, the failed steps queued again). One retry per failed run.
 */
export const executionRetries = pgTable(
  "execution_retries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    workspaceId: uuid("workspace_id").notNull(),
    executionId: uuid("execution_id")
      .notNull()
      .references(() => executions.id, { onDelete: "cascade" }),
    /** The run that continues it. */
    retryExecutionId: uuid("retry_execution_id")
      .notNull()
      .references(() => executions.id, { onDelete: "cascade" }),
    nodeIds: jsonb("node_ids").$type<string[]>().notNull(),
    graphHashBefore: text("graph_hash_before").notNull(),
    graphHashAfter: text("graph_hash_after").notNull(),
    versionBefore: integer("version_before"),
    versionAfter: integer("version_after"),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("execution_retries_execution_uq").on(t.executionId), index("execution_retries_retry_idx").on(t.retryExecutionId)],
);

/**
 * The dashboard's rollup: finished executions per workspace, workflow, mode and UTC hour (by
 * finished_at), with a sparse duration histogram (two arrays; bucket k holds durations in
 * (1.1^(k-1), 1.1^k] ms). Filled for closed hours by the monitoring pass (server/monitoring/
 * stats-rollup.ts); the dashboard reads it for whole rolled hours and the executions table for
 * the rest, so its cost depends on the window's hours, not on how many runs they hold.
 * Kept 100 days, beyond the longest dashboard window (90 days), whatever the run retention.
 */
export const executionStatsHourly = pgTable(
  "execution_stats_hourly",
  {
    workspaceId: workspaceRef(),
    workflowId: workflowRef(),
    mode: executionModeEnum("mode").notNull(),
    hour: timestamp("hour", { withTimezone: true }).notNull(),
    total: integer("total").notNull(),
    succeeded: integer("succeeded").notNull(),
    failed: integer("failed").notNull(),
    /** Sparse duration histogram: bucket numbers (ascending) and their counts. */
    durationBuckets: integer("duration_buckets").array().notNull(),
    durationCounts: integer("duration_counts").array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.hour, t.workflowId, t.mode] })],
);

/** One row: every hour before `rolledUntil` is in execution_stats_hourly. */
export const executionStatsRollup = pgTable("execution_stats_rollup", {
  id: smallint("id").primaryKey().default(1),
  rolledUntil: timestamp("rolled_until", { withTimezone: true }).notNull(),
});
