CREATE TABLE "data_table_row_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"table_id" uuid NOT NULL,
	"delta" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "data_table_row_deltas" ADD CONSTRAINT "data_table_row_deltas_table_id_data_tables_id_fk" FOREIGN KEY ("table_id") REFERENCES "public"."data_tables"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "data_table_row_deltas_table_idx" ON "data_table_row_deltas" USING btree ("table_id");