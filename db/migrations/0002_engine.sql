CREATE TYPE "public"."execution_mode" AS ENUM('production', 'test');--> statement-breakpoint
CREATE TYPE "public"."execution_status" AS ENUM('queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled');--> statement-breakpoint
CREATE TYPE "public"."step_status" AS ENUM('queued', 'running', 'waiting', 'succeeded', 'failed', 'skipped', 'canceled');--> statement-breakpoint
CREATE TABLE "execution_graphs" (
	"hash" text PRIMARY KEY NOT NULL,
	"graph" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"workflow_version" integer,
	"mode" "execution_mode" NOT NULL,
	"status" "execution_status" DEFAULT 'queued' NOT NULL,
	"graph_hash" text NOT NULL,
	"trigger_node_id" text NOT NULL,
	"trigger_data" jsonb,
	"state" jsonb,
	"result" jsonb,
	"error" jsonb,
	"failed_node_id" text,
	"parent_execution_id" uuid,
	"parent_step_id" bigint,
	"depth" integer DEFAULT 0 NOT NULL,
	"error_of_execution_id" uuid,
	"timeout_ms" integer NOT NULL,
	"deadline_at" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "step_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"execution_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"scope" text DEFAULT '' NOT NULL,
	"item_index" integer,
	"attempt" integer DEFAULT 1 NOT NULL,
	"status" "step_status" DEFAULT 'queued' NOT NULL,
	"input" jsonb,
	"output" jsonb,
	"error" jsonb,
	"handle" text,
	"logs" jsonb,
	"resume" jsonb,
	"run_at" timestamp with time zone DEFAULT now(),
	"lease_owner" text,
	"lease_expires_at" timestamp with time zone,
	"lease_version" integer DEFAULT 0 NOT NULL,
	"worker_losses" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "step_runs_attempt_positive" CHECK ("step_runs"."attempt" >= 1)
);
--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_graph_hash_execution_graphs_hash_fk" FOREIGN KEY ("graph_hash") REFERENCES "public"."execution_graphs"("hash") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "step_runs" ADD CONSTRAINT "step_runs_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "executions_workspace_created_idx" ON "executions" USING btree ("workspace_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "executions_workflow_status_idx" ON "executions" USING btree ("workflow_id","status");--> statement-breakpoint
CREATE INDEX "executions_deadline_idx" ON "executions" USING btree ("deadline_at") WHERE "executions"."status" in ('running', 'waiting');--> statement-breakpoint
CREATE INDEX "executions_parent_idx" ON "executions" USING btree ("parent_execution_id") WHERE "executions"."parent_execution_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "step_runs_attempt_uq" ON "step_runs" USING btree ("execution_id","node_id","scope","attempt");--> statement-breakpoint
CREATE UNIQUE INDEX "step_runs_succeeded_uq" ON "step_runs" USING btree ("execution_id","node_id","scope") WHERE "step_runs"."status" = 'succeeded';--> statement-breakpoint
CREATE INDEX "step_runs_due_idx" ON "step_runs" USING btree ("run_at","id") WHERE "step_runs"."status" in ('queued', 'waiting') and "step_runs"."run_at" is not null;--> statement-breakpoint
CREATE INDEX "step_runs_lease_idx" ON "step_runs" USING btree ("lease_expires_at") WHERE "step_runs"."status" = 'running';--> statement-breakpoint
CREATE INDEX "step_runs_execution_idx" ON "step_runs" USING btree ("execution_id","id");