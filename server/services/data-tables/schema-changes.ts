// Field changes on a table that holds rows: add, rename, retype (or change rules), remove, and
// change the unique key. Either every row migrates in the same transaction as the definition, or
// nothing changes and the error lists the rows that would break (planSchemaChange decides).
import { eq, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/db/client";
import { dataTables } from "@/db/schema";
import { fieldDefSchema, tableDefSchema, type FieldDef, type TableDef } from "@/server/data/field-types";
import { planSchemaChange, type BrokenRow, type SchemaChange } from "@/server/data/schema-change";
import { computeUniqueKey, type RecordValues } from "@/server/data/validate-record";
import { recordAudit } from "../audit";
import { ValidationError } from "../errors";
import { authorColumns, keyLabel, loadTable, type LoadedTable, type Writer } from "./common";
import { syncFieldIndexes } from "./indexes";
import { tableIdLiteral } from "./row-sql";

export type TableSchemaChange = SchemaChange | { kind: "remove"; key: string } | { kind: "set_key"; uniqueKey: string[] | null };

const BATCH = 5000;
const LIST_CAP = 100;

type StoredRow = { id: string; values: RecordValues; unique_key: string | null };

async function* allRows(db: Db, tableId: string): AsyncGenerator<StoredRow[]> {
  let after = 0;
  for (;;) {
    const rows = await queryRows<StoredRow>(
      db,
      sql`select id::text as id, "values", unique_key from data_rows where table_id = ${tableIdLiteral(tableId)} and id > ${after}::bigint order by id limit ${BATCH}`,
    );
    if (rows.length === 0) return;
    yield rows;
    after = Number(rows[rows.length - 1]!.id);
  }
}

function refuse(broken: BrokenRow[], total: number): never {
  const shown = broken.slice(0, LIST_CAP);
  throw new ValidationError(
    `This change would break ${total} record${total === 1 ? "" : "s"}, so nothing was changed. Fix ${total === 1 ? "it" : "them"} first, or choose a different change.`,
    shown.map((b) => ({ path: `rows.${b.id}`, message: `Record ${b.id}: ${b.reason}` })),
  );
}

function checkDef(def: unknown): TableDef {
  const r = tableDefSchema.safeParse(def);
  if (!r.success) throw new ValidationError(r.error.issues[0]!.message, r.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })));
  return r.data;
}

/** A change that only touches how a field is shown (label, help, index) needs no pass over the rows. */
function cosmetic(before: FieldDef, after: FieldDef): boolean {
  const strip = (f: FieldDef) => ({ ...f, label: "", helpText: "", indexed: false });
  return JSON.stringify(strip(before)) === JSON.stringify(strip(after));
}

type Plan = { def: TableDef; sqlUpdate?: ReturnType<typeof sql>; perRow?: (row: StoredRow) => { values: RecordValues } | { broken: string } | null };

function planFor(t: LoadedTable, change: TableSchemaChange): Plan {
  const def = t.def;
  switch (change.kind) {
    case "remove": {
      if (!def.fields.some((f) => f.key === change.key)) throw new ValidationError(`There is no field '${change.key}' in ${def.name}`);
      if (def.uniqueKey?.includes(change.key)) throw new ValidationError(`This field is part of the unique key (${keyLabel(def)}). Change the unique key first.`);
      const next = checkDef({ ...def, fields: def.fields.filter((f) => f.key !== change.key) });
      return { def: next, sqlUpdate: sql`"values" = "values" - ${change.key}::text` };
    }
    case "set_key": {
      const next = checkDef({ ...def, uniqueKey: change.uniqueKey ?? undefined });
      return { def: next, perRow: () => null };
    }
    case "rename": {
      const r = planSchemaChange(def, change, []);
      if (!r.ok) throw new ValidationError("error" in r ? r.error : "Cannot rename");
      if (change.from === change.to) return { def: r.table };
      return { def: r.table, sqlUpdate: sql`"values" = case when ("values" -> ${change.from}::text) is null then "values"
          else ("values" - ${change.from}::text) || jsonb_build_object(${change.to}::text, "values" -> ${change.from}::text) end` };
    }
    case "add":
    case "retype": {
      const probe = planSchemaChange(def, change, []);
      if (!probe.ok) throw new ValidationError("error" in probe ? probe.error : "Cannot change the field");
      const next = probe.table;
      if (change.kind === "retype") {
        const before = def.fields.find((f) => f.key === change.field.key)!;
        const after = fieldDefSchema.parse(change.field);
        if (cosmetic(before, after)) return { def: next };
      }
      return {
        def: next,
        perRow: (row) => {
          const r = planSchemaChange(def, change, [{ id: row.id, values: row.values }]);
          if (r.ok) return { values: r.rows[0]!.values };
          return { broken: "broken" in r ? r.broken[0]!.reason : r.error };
        },
      };
    }
  }
}

/** Writes migrated values and recomputed keys; keys are cleared first so that swaps do not collide on the way. */
async function writeRows(db: Db, tableId: string, w: Writer, rows: { id: string; values: RecordValues; key: string | null }[]) {
  const a = authorColumns(w);
  for (const phase of ["clear", "set"] as const) {
    for (let i = 0; i < rows.length; i += 1000) {
      const batch = JSON.stringify(rows.slice(i, i + 1000).map((r) => ({ id: r.id, v: r.values, k: r.key })));
      await db.execute(sql`update data_rows d set
          "values" = i.v, unique_key = ${phase === "clear" ? sql`null` : sql`i.k`},
          version = d.version + ${phase === "set" ? 1 : 0}, updated_by_execution = ${a.executionId}::uuid, updated_by_user = ${a.userId}::text, updated_at = now()
        from jsonb_to_recordset(${batch}::jsonb) as i(id bigint, v jsonb, k text)
        where d.id = i.id and d.table_id = ${tableIdLiteral(tableId)}`);
    }
  }
}

export async function applySchemaChange(db: Db, workspaceId: string, w: Writer, tableRef: string, change: TableSchemaChange): Promise<{ table: LoadedTable; changedRows: number }> {
  const { id, def, changedRows, indexes } = await db.transaction(async (tx) => {
    const t = await loadTable(tx, workspaceId, tableRef, "schema");
    const plan = planFor(t, change);
    let changedRows = 0;
    if (plan.sqlUpdate) {
      const res = await queryRows<{ n: number }>(tx, sql`with u as (update data_rows set ${plan.sqlUpdate}, version = version + 1 where table_id = ${tableIdLiteral(t.id)} returning 1) select count(*)::int as n from u`);
      changedRows = res[0]?.n ?? 0;
    } else if (plan.perRow) {
      const broken: BrokenRow[] = [];
      let brokenTotal = 0;
      const changed: { id: string; values: RecordValues; key: string | null }[] = [];
      const seenKeys = new Map<string, string>();
      for await (const batch of allRows(tx, t.id)) {
        for (const row of batch) {
          const r = plan.perRow(row) ?? { values: row.values };
          if ("broken" in r) {
            if (broken.length < LIST_CAP) broken.push({ id: row.id, reason: r.broken });
            brokenTotal++;
            continue;
          }
          const key = computeUniqueKey(plan.def, r.values);
          if (plan.def.uniqueKey && key === null) {
            if (broken.length < LIST_CAP) broken.push({ id: row.id, reason: `has no ${keyLabel(plan.def)}, which now identifies the record` });
            brokenTotal++;
            continue;
          }
          if (key !== null) {
            const first = seenKeys.get(key);
            if (first !== undefined) {
              if (broken.length < LIST_CAP) broken.push({ id: row.id, reason: `would have the same ${keyLabel(plan.def)} as record ${first}` });
              brokenTotal++;
              continue;
            }
            seenKeys.set(key, row.id);
          }
          if (key !== row.unique_key || JSON.stringify(r.values) !== JSON.stringify(row.values)) changed.push({ id: row.id, values: r.values, key });
        }
      }
      if (brokenTotal) refuse(broken, brokenTotal);
      await writeRows(tx, t.id, w, changed);
      changedRows = changed.length;
    }
    await tx
      .update(dataTables)
      .set({ name: plan.def.name, definition: plan.def as unknown as Record<string, unknown>, schemaVersion: sql`${dataTables.schemaVersion} + 1`, updatedBy: w.actor.id, updatedAt: new Date() })
      .where(eq(dataTables.id, t.id));
    await recordAudit(tx, workspaceId, w.actor, {
      action: "data_table.schema_change",
      targetType: "data_table",
      targetId: t.id,
      summary: `${describeChange(t.def, change)} in "${t.name}" (${changedRows} record${changedRows === 1 ? "" : "s"} migrated)`,
      details: { change, before: t.def, after: plan.def },
    });
    return { id: t.id, def: plan.def, changedRows, indexes: t.indexedFields };
  });
  await syncFieldIndexes(db, id, def, indexes);
  return { table: await loadTable(db, workspaceId, id), changedRows };
}

function describeChange(def: TableDef, c: TableSchemaChange): string {
  const label = (k: string) => def.fields.find((f) => f.key === k)?.label ?? k;
  switch (c.kind) {
    case "add":
      return `Added field "${c.field.label}"`;
    case "rename":
      return `Renamed field "${label(c.from)}" to ${c.label ? `"${c.label}"` : c.to} (key ${c.to})`;
    case "retype":
      return `Changed field "${label(c.field.key)}"`;
    case "remove":
      return `Removed field "${label(c.key)}"`;
    case "set_key":
      return c.uniqueKey?.length ? `Set the unique key to ${c.uniqueKey.map(label).join(" + ")}` : "Removed the unique key";
  }
}
