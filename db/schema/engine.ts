// Durable execution: one row per execution, one row per step attempt. The step table is the work
// queue (claimed with FOR UPDATE SKIP LOCKED under a lease); see server/runtime/queue.ts.
import { sql } from "drizzle-orm";
import { bigint, bigserial, check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { createdAt, uuidPrimaryKey, workflowRef, workspaceRef } from "./columns";

export const executionModeEnum = pgEnum("execution_mode", ["production", "test"]);
export const executionStatusEnum = pgEnum("execution_status", ["queued", "running", "waiting", "succeeded", "failed", "canceled"]);
export const stepStatusEnum = pgEnum("step_status", ["queued", "running", "waiting", "succeeded", "failed", "skipped", "canceled"]);

export type ExecutionMode = (typeof executionModeEnum.enumValues)[number];
export type ExecutionStatus = (typeof executionStatusEnum.enumValues)[number];
export type StepStatus = (typeof stepStatusEnum.enumValues)[number];
export const TERMINAL_EXECUTION_STATUSES: readonly ExecutionStatus[] = ["succeeded", "failed", "canceled"];

/** Graph snapshots, content-addressed: every execution pins one; workers cache them by hash forever. */
export const executionGraphs = pgTable("execution_graphs", {
  hash: text("hash").primaryKey(),
  graph: jsonb("graph").$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});

export const executions = pgTable(
  "executions",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    workflowId: workflowRef(),
    /** Published version run; null for a test run of the draft. */
    workflowVersion: integer("workflow_version"),
    mode: executionModeEnum("mode").notNull(),
    status: executionStatusEnum("status").notNull().default("queued"),
    graphHash: text("graph_hash")
      .notNull()
      .references(() => executionGraphs.hash),
    triggerNodeId: text("trigger_node_id").notNull(),
    triggerData: jsonb("trigger_data"),
    /** The interpreter's RunState (server/engine/state.ts). */
    state: jsonb("state"),
    result: jsonb("result"),
    error: jsonb("error"),
    failedNodeId: text("failed_node_id"),
    parentExecutionId: uuid("parent_execution_id"),
    /** The parent's Call-workflow step waiting for this execution. */
    parentStepId: bigint("parent_step_id", { mode: "number" }),
    depth: integer("depth").notNull().default(0),
    /** Set on error-workflow executions: the execution whose failure started this one. */
    errorOfExecutionId: uuid("error_of_execution_id"),
    timeoutMs: integer("timeout_ms").notNull(),
    deadlineAt: timestamp("deadline_at", { withTimezone: true }),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    index("executions_workspace_created_idx").on(t.workspaceId, t.createdAt.desc()),
    index("executions_workflow_status_idx").on(t.workflowId, t.status),
    index("executions_deadline_idx").on(t.deadlineAt).where(sql`${t.status} in ('running', 'waiting')`),
    index("executions_parent_idx").on(t.parentExecutionId).where(sql`${t.parentExecutionId} is not null`),
  ],
);

export const stepRuns = pgTable(
  "step_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    executionId: uuid("execution_id")
      .notNull()
      .references(() => executions.id, { onDelete: "cascade" }),
    workspaceId: uuid("workspace_id").notNull(),
    nodeId: text("node_id").notNull(),
    /** "" at the top level; "loopId:3" (nested: "a:1/b:0") inside loop items. */
    scope: text("scope").notNull().default(""),
    itemIndex: integer("item_index"),
    attempt: integer("attempt").notNull().default(1),
    status: stepStatusEnum("status").notNull().default("queued"),
    input: jsonb("input"),
    output: jsonb("output"),
    error: jsonb("error"),
    /** The output handle taken (routing). */
    handle: text("handle"),
    /** Structured entries written by the node (Log event) and by the runtime. */
    logs: jsonb("logs"),
    /** Data a parked step resumes with (Delay / Call workflow). */
    resume: jsonb("resume"),
    /** When the step may be claimed; null while it waits for something else (a child execution). */
    runAt: timestamp("run_at", { withTimezone: true }).defaultNow(),
    leaseOwner: text("lease_owner"),
    leaseExpiresAt: timestamp("lease_expires_at", { withTimezone: true }),
    /** Fencing token: bumped on every claim; every write checks it. */
    leaseVersion: integer("lease_version").notNull().default(0),
    /** Times a worker died (lease expired) while running this step. */
    workerLosses: integer("worker_losses").notNull().default(0),
    createdAt: createdAt(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("step_runs_attempt_uq").on(t.executionId, t.nodeId, t.scope, t.attempt),
    // A step can complete once: a second success row for the same step is impossible.
    uniqueIndex("step_runs_succeeded_uq").on(t.executionId, t.nodeId, t.scope).where(sql`${t.status} = 'succeeded'`),
    index("step_runs_due_idx").on(t.runAt, t.id).where(sql`${t.status} in ('queued', 'waiting') and ${t.runAt} is not null`),
    index("step_runs_lease_idx").on(t.leaseExpiresAt).where(sql`${t.status} = 'running'`),
    index("step_runs_execution_idx").on(t.executionId, t.id),
    check("step_runs_attempt_positive", sql`${t.attempt} >= 1`),
  ],
);
