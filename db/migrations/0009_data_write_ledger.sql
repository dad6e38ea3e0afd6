CREATE TABLE "data_write_ledger" (
	"key" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "data_write_ledger_created_idx" ON "data_write_ledger" USING btree ("created_at");