CREATE TYPE "public"."alert_channel_kind" AS ENUM('email', 'slack', 'webhook');--> statement-breakpoint
CREATE TYPE "public"."alert_rule_kind" AS ENUM('any_failure', 'consecutive_failures', 'failure_rate', 'credential_reconnect', 'sla_breach');--> statement-breakpoint
CREATE TYPE "public"."incident_status" AS ENUM('open', 'resolved');--> statement-breakpoint
CREATE TYPE "public"."sla_health" AS ENUM('unknown', 'green', 'amber', 'red');--> statement-breakpoint
CREATE TYPE "public"."sla_kind" AS ENUM('p95_duration', 'success_rate', 'freshness');--> statement-breakpoint
CREATE TABLE "alert_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "alert_channel_kind" NOT NULL,
	"config" jsonb NOT NULL,
	"secret_enc" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alert_incidents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"subject_key" text NOT NULL,
	"subject_label" text NOT NULL,
	"status" "incident_status" DEFAULT 'open' NOT NULL,
	"count" integer DEFAULT 1 NOT NULL,
	"summary" text NOT NULL,
	"details" jsonb,
	"opened_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"incident_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"event" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"claimed_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" "alert_rule_kind" NOT NULL,
	"workflow_id" uuid,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution_failures" (
	"execution_id" uuid PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"node_id" text,
	"node_type" text NOT NULL,
	"fingerprint" text NOT NULL,
	"message" text NOT NULL,
	"failed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "execution_retries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"execution_id" uuid NOT NULL,
	"retry_execution_id" uuid NOT NULL,
	"node_ids" jsonb NOT NULL,
	"graph_hash_before" text NOT NULL,
	"graph_hash_after" text NOT NULL,
	"version_before" integer,
	"version_after" integer,
	"actor_id" text,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_monitors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"kind" "sla_kind" NOT NULL,
	"threshold" double precision NOT NULL,
	"window_minutes" integer DEFAULT 1440 NOT NULL,
	"health" "sla_health" DEFAULT 'unknown' NOT NULL,
	"last_value" double precision,
	"evaluated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alert_channels" ADD CONSTRAINT "alert_channels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_incidents" ADD CONSTRAINT "alert_incidents_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_incidents" ADD CONSTRAINT "alert_incidents_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_incident_id_alert_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."alert_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_channel_id_alert_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alert_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_failures" ADD CONSTRAINT "execution_failures_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_retries" ADD CONSTRAINT "execution_retries_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_retries" ADD CONSTRAINT "execution_retries_retry_execution_id_executions_id_fk" FOREIGN KEY ("retry_execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_monitors" ADD CONSTRAINT "sla_monitors_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sla_monitors" ADD CONSTRAINT "sla_monitors_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_channels_workspace_idx" ON "alert_channels" USING btree ("workspace_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alert_incidents_open_uq" ON "alert_incidents" USING btree ("rule_id","subject_key") WHERE "alert_incidents"."status" = 'open';--> statement-breakpoint
CREATE INDEX "alert_incidents_workspace_idx" ON "alert_incidents" USING btree ("workspace_id","opened_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "alert_notifications_once_uq" ON "alert_notifications" USING btree ("incident_id","channel_id","event");--> statement-breakpoint
CREATE INDEX "alert_notifications_retry_idx" ON "alert_notifications" USING btree ("status") WHERE "alert_notifications"."status" <> 'sent';--> statement-breakpoint
CREATE INDEX "alert_rules_workspace_idx" ON "alert_rules" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "execution_failures_group_idx" ON "execution_failures" USING btree ("workspace_id","failed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "execution_failures_fp_idx" ON "execution_failures" USING btree ("workspace_id","fingerprint","failed_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "execution_retries_execution_uq" ON "execution_retries" USING btree ("execution_id");--> statement-breakpoint
CREATE INDEX "execution_retries_retry_idx" ON "execution_retries" USING btree ("retry_execution_id");--> statement-breakpoint
CREATE INDEX "sla_monitors_workspace_idx" ON "sla_monitors" USING btree ("workspace_id","workflow_id");--> statement-breakpoint
-- Runs page and dashboards (hand-written: executions belongs to db/schema/engine.ts). Keyset order is (created_at desc, id desc).
CREATE INDEX "executions_ws_created_id_idx" ON "executions" USING btree ("workspace_id","created_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "executions_ws_status_created_idx" ON "executions" USING btree ("workspace_id","status","created_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "executions_workflow_created_idx" ON "executions" USING btree ("workflow_id","created_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "executions_workflow_status_created_idx" ON "executions" USING btree ("workflow_id","status","created_at" DESC,"id" DESC);--> statement-breakpoint
CREATE INDEX "executions_ws_finished_idx" ON "executions" USING btree ("workspace_id","finished_at") INCLUDE ("workflow_id","status","mode","started_at") WHERE "finished_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "executions_failed_unfiled_idx" ON "executions" USING btree ("finished_at") WHERE "status" = 'failed';
