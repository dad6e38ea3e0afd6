CREATE TABLE "execution_stats_hourly" (
	"workspace_id" uuid NOT NULL,
	"workflow_id" uuid NOT NULL,
	"mode" "execution_mode" NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"total" integer NOT NULL,
	"succeeded" integer NOT NULL,
	"failed" integer NOT NULL,
	"duration_buckets" integer[] NOT NULL,
	"duration_counts" integer[] NOT NULL,
	CONSTRAINT "execution_stats_hourly_workspace_id_hour_workflow_id_mode_pk" PRIMARY KEY("workspace_id","hour","workflow_id","mode")
);
--> statement-breakpoint
CREATE TABLE "execution_stats_rollup" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"rolled_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "execution_stats_hourly" ADD CONSTRAINT "execution_stats_hourly_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "execution_stats_hourly" ADD CONSTRAINT "execution_stats_hourly_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;