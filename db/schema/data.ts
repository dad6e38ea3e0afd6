// Built-in data tables (issue 6). One metadata row per table; every record of every table lives in
// `data_rows` as JSONB, keyed by (table_id, unique_key). Why one shared rows table and not a
// Postgres table per data table: docs/decisions/0401-data-table-storage.md.
import { sql } from "drizzle-orm";
import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { createdAt, uuidPrimaryKey, workspaceRef } from "./columns";

/** The stored table definition; validated by `tableDefSchema` (server/data/field-types.ts). */
export type StoredTableDef = Record<string, unknown>;
/** One record's values: field key → normalized JSON value. */
export type StoredValues = Record<string, unknown>;

export const dataTables = pgTable(
  "data_tables",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<StoredTableDef>().notNull(),
    /** Bumped on every schema change, so clients and caches can tell definitions apart. */
    schemaVersion: integer("schema_version").notNull().default(1),
    /**
     * The compacted part of the row count: the exact count is this plus the table's rows in
     * `data_table_row_deltas` (count(*) at a million rows is too slow for a list page, and one
     * counter updated by every insert serialized all writers of the table until their commit).
     */
    rowCount: bigint("row_count", { mode: "number" }).notNull().default(0),
    /** Field keys that have a sort/filter expression index (see server/services/data-tables/indexes.ts). */
    indexedFields: jsonb("indexed_fields").$type<string[]>().notNull().default([]),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [
    // Flows refer to tables by name ("Leads"), so a name is unique among live tables.
    uniqueIndex("data_tables_workspace_name_uq")
      .on(t.workspaceId, sql`lower(${t.name})`)
      .where(sql`${t.deletedAt} is null`),
  ],
);

export const dataRows = pgTable(
  "data_rows",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tableId: uuid("table_id")
      .notNull()
      .references(() => dataTables.id, { onDelete: "cascade" }),
    /** Denormalized from the table, so every row query can be scoped by workspace without a join. */
    workspaceId: uuid("workspace_id").notNull(),
    values: jsonb("values").$type<StoredValues>().notNull(),
    /** JSON array of the normalized key parts (validate-record.ts computeUniqueKey); null when the table has no key. */
    uniqueKey: text("unique_key"),
    /** Incremented by every write; the highest version is the last write (tests and optimistic edits). */
    version: integer("version").notNull().default(1),
    createdByExecution: uuid("created_by_execution"),
    createdByUser: text("created_by_user"),
    updatedByExecution: uuid("updated_by_execution"),
    updatedByUser: text("updated_by_user"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The duplicate rule, enforced by the database: concurrent writers cannot both insert one key.
    // NULL keys (tables without a unique key) are distinct, as SQL intends.
    uniqueIndex("data_rows_table_key_uq").on(t.tableId, t.uniqueKey),
    // Default grid order (insertion order) and keyset pagination by id.
    index("data_rows_table_id_idx").on(t.tableId, t.id),
  ],
);

/**
 * Row-count changes, appended by the transaction that inserts or deletes rows (one row per
 * write, never updated, so concurrent writers never wait for each other). Now and then a writer
 * folds a table's deltas into `data_tables.row_count` (server/services/data-tables/row-count.ts).
 */
export const dataTableRowDeltas = pgTable(
  "data_table_row_deltas",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tableId: uuid("table_id")
      .notNull()
      .references(() => dataTables.id, { onDelete: "cascade" }),
    delta: bigint("delta", { mode: "number" }).notNull(),
  },
  (t) => [index("data_table_row_deltas_table_idx").on(t.tableId)],
);

/**
 * Increments already applied: one row per step run that added to a counter (key: the table id
 * and the step's idempotency key), written in the same transaction as the increment. A step
 * re-run after its write committed (a worker lost between the write and the step's completion)
 * finds its row and does not add again. Writers delete rows older than a week now and then.
 */
export const dataWriteLedger = pgTable(
  "data_write_ledger",
  {
    key: text("key").primaryKey(),
    createdAt: createdAt(),
  },
  (t) => [index("data_write_ledger_created_idx").on(t.createdAt)],
);
