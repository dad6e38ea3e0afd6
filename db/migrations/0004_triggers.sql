CREATE TABLE "schedule_ticks" (
	"workflow_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"scheduled_for" timestamp with time zone NOT NULL,
	"execution_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_endpoints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"token" text NOT NULL,
	"signature_failures" integer DEFAULT 0 NOT NULL,
	"last_test_event" jsonb,
	"last_event_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_inbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" uuid NOT NULL,
	"endpoint_id" uuid NOT NULL,
	"mode" "execution_mode" NOT NULL,
	"dedupe_key" text NOT NULL,
	"dedupe_source" text NOT NULL,
	"execution_id" uuid,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "schedule_ticks" ADD CONSTRAINT "schedule_ticks_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD CONSTRAINT "webhook_inbox_endpoint_id_webhook_endpoints_id_fk" FOREIGN KEY ("endpoint_id") REFERENCES "public"."webhook_endpoints"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_inbox" ADD CONSTRAINT "webhook_inbox_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "schedule_ticks_uq" ON "schedule_ticks" USING btree ("workflow_id","node_id","scheduled_for");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_endpoints_token_uq" ON "webhook_endpoints" USING btree ("token");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_endpoints_node_uq" ON "webhook_endpoints" USING btree ("workflow_id","node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "webhook_inbox_dedupe_uq" ON "webhook_inbox" USING btree ("endpoint_id","mode","dedupe_key");--> statement-breakpoint
CREATE INDEX "webhook_inbox_expires_idx" ON "webhook_inbox" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "webhook_inbox_execution_idx" ON "webhook_inbox" USING btree ("execution_id") WHERE "webhook_inbox"."execution_id" is not null;