CREATE TABLE "data_rows" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"table_id" uuid NOT NULL,
	"workspace_id" uuid NOT NULL,
	"values" jsonb NOT NULL,
	"unique_key" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_execution" uuid,
	"created_by_user" text,
	"updated_by_execution" uuid,
	"updated_by_user" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "data_tables" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"definition" jsonb NOT NULL,
	"schema_version" integer DEFAULT 1 NOT NULL,
	"row_count" bigint DEFAULT 0 NOT NULL,
	"indexed_fields" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"updated_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "data_rows" ADD CONSTRAINT "data_rows_table_id_data_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."data_tables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_tables" ADD CONSTRAINT "data_tables_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "data_rows_table_key_uq" ON "data_rows" USING btree ("table_id","unique_key");--> statement-breakpoint
CREATE INDEX "data_rows_table_id_idx" ON "data_rows" USING btree ("table_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "data_tables_workspace_name_uq" ON "data_tables" USING btree ("workspace_id",lower("name")) WHERE "data_tables"."deleted_at" is null;