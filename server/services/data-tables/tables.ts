// Data tables themselves: create, list, read, rename/describe, delete and restore, and the starter
// tables of the reference flow. Field changes go through schema-changes.ts.
import { and, asc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { isUniqueViolation } from "@/db/errors";
import { dataTables } from "@/db/schema";
import { tableDefSchema, type TableDef, type TableDefInput } from "@/server/data/field-types";
import { STARTER_TABLES } from "@/server/data/starter-tables";
import { recordAudit, type Actor } from "../audit";
import { ConflictError, NotFoundError } from "../errors";
import { loadTable, parseOrThrow, type LoadedTable } from "./common";
import { syncFieldIndexes } from "./indexes";
import { liveRowCount } from "./row-count";

export interface TableSummary {
  id: string;
  name: string;
  description: string;
  fieldCount: number;
  rowCount: number;
  keyFields: string[];
  updatedAt: Date;
}

export async function listTables(db: Db, workspaceId: string): Promise<TableSummary[]> {
  const rows = await db
    .select({ r: dataTables, rowCount: liveRowCount() })
    .from(dataTables)
    .where(and(eq(dataTables.workspaceId, workspaceId), isNull(dataTables.deletedAt)))
    .orderBy(asc(sql`lower(${dataTables.name})`));
  return rows.map(({ r, rowCount }) => {
    const def = r.definition as unknown as TableDef;
    return {
      id: r.id,
      name: r.name,
      description: def.description ?? "",
      fieldCount: def.fields.length,
      rowCount,
      keyFields: def.uniqueKey ?? [],
      updatedAt: r.updatedAt,
    };
  });
}

export async function getTable(db: Db, workspaceId: string, ref: string): Promise<LoadedTable> {
  return loadTable(db, workspaceId, ref);
}

function nameTaken(name: string): ConflictError {
  return new ConflictError(`A table called "${name}" already exists. Choose another name.`);
}

export async function createTable(db: Db, workspaceId: string, actor: Actor, input: TableDefInput): Promise<LoadedTable> {
  const def = parseOrThrow(tableDefSchema, input);
  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(dataTables)
        .values({ workspaceId, name: def.name, definition: def as unknown as Record<string, unknown>, createdBy: actor.id, updatedBy: actor.id })
        .returning({ id: dataTables.id });
      await recordAudit(tx, workspaceId, actor, {
        action: "data_table.create",
        targetType: "data_table",
        targetId: row!.id,
        summary: `Created data table "${def.name}" with ${def.fields.length} field${def.fields.length === 1 ? "" : "s"}`,
        details: { definition: def },
      });
      return row!.id;
    });
  } catch (e) {
    if (isUniqueViolation(e, "data_tables_workspace_name_uq")) throw nameTaken(def.name);
    throw e;
  }
  await syncFieldIndexes(db, id, def, []);
  return loadTable(db, workspaceId, id);
}

/** Name and description only; fields change through applySchemaChange. */
export async function updateTableInfo(db: Db, workspaceId: string, actor: Actor, ref: string, patch: { name?: string; description?: string }): Promise<LoadedTable> {
  let id: string;
  try {
    id = await db.transaction(async (tx) => {
      const t = await loadTable(tx, workspaceId, ref, "schema");
      const def = parseOrThrow(tableDefSchema, { ...t.def, ...patch });
      await tx
        .update(dataTables)
        .set({ name: def.name, definition: def as unknown as Record<string, unknown>, updatedBy: actor.id, updatedAt: new Date() })
        .where(eq(dataTables.id, t.id));
      const changes: string[] = [];
      if (def.name !== t.name) changes.push(`renamed "${t.name}" to "${def.name}"`);
      if ((def.description ?? "") !== (t.def.description ?? "")) changes.push("changed the description");
      if (changes.length) await recordAudit(tx, workspaceId, actor, { action: "data_table.update", targetType: "data_table", targetId: t.id, summary: changes.join("; ") });
      return t.id;
    });
  } catch (e) {
    if (isUniqueViolation(e, "data_tables_workspace_name_uq")) throw nameTaken(patch.name ?? "");
    throw e;
  }
  return loadTable(db, workspaceId, id);
}

/** Soft delete: rows stay until the table is restored or purged; flows referring to it get NOT_FOUND. */
export async function deleteTable(db: Db, workspaceId: string, actor: Actor, ref: string): Promise<void> {
  await db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, ref, "schema");
    await tx.update(dataTables).set({ deletedAt: new Date(), updatedBy: actor.id }).where(eq(dataTables.id, t.id));
    await recordAudit(tx, workspaceId, actor, {
      action: "data_table.delete",
      targetType: "data_table",
      targetId: t.id,
      summary: `Deleted data table "${t.name}" (${t.rowCount} record${t.rowCount === 1 ? "" : "s"})`,
    });
  });
}

export async function restoreTable(db: Db, workspaceId: string, actor: Actor, id: string): Promise<void> {
  try {
    await db.transaction(async (tx) => {
      const [t] = await tx
        .update(dataTables)
        .set({ deletedAt: null, updatedBy: actor.id })
        .where(and(eq(dataTables.id, id), eq(dataTables.workspaceId, workspaceId), isNotNull(dataTables.deletedAt)))
        .returning({ name: dataTables.name });
      if (!t) throw new NotFoundError("Deleted data table");
      await recordAudit(tx, workspaceId, actor, { action: "data_table.restore", targetType: "data_table", targetId: id, summary: `Restored data table "${t.name}"` });
    });
  } catch (e) {
    if (isUniqueViolation(e, "data_tables_workspace_name_uq")) throw new ConflictError("Another table now has this name; rename it first.");
    throw e;
  }
}

/**
 * Leads, Tasks and Reporting for the reference flow, in one call. Tables that already exist by
 * name are kept as they are (a template may be applied twice), and reported as `existing`.
 */
export async function createStarterTables(db: Db, workspaceId: string, actor: Actor): Promise<{ created: LoadedTable[]; existing: LoadedTable[] }> {
  const created: LoadedTable[] = [];
  const existing: LoadedTable[] = [];
  for (const def of STARTER_TABLES) {
    try {
      existing.push(await loadTable(db, workspaceId, def.name));
      continue;
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
    try {
      created.push(await createTable(db, workspaceId, actor, def));
    } catch (e) {
      // Someone created it in between: that is the table we want.
      if (!(e instanceof ConflictError)) throw e;
      existing.push(await loadTable(db, workspaceId, def.name));
    }
  }
  return { created, existing };
}
