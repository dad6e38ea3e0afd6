// Columns that most tables share, written once. Function declarations (hoisted) and thunk
// references, so the import cycle with the tables that use them is harmless in any loader.
import { timestamp, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./workspaces";
import { workflows } from "./workflows";

export function uuidPrimaryKey() {
  return uuid("id").primaryKey().defaultRandom();
}

/** The owning workspace; its rows go when the workspace goes. */
export function workspaceRef() {
  return uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });
}

export function workflowRef() {
  return uuid("workflow_id")
    .notNull()
    .references(() => workflows.id, { onDelete: "cascade" });
}

export function createdAt() {
  return timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
}
