// Validate and Normalize executors: the same prepareRecord gate as every table write.
import "server-only";
import type { Db } from "@/db/client";
import { NonRetryableError } from "@/server/engine/errors";
import type { TableDef } from "@/server/data/field-types";
import { prepareField, prepareRecord, type FieldError } from "@/server/data/validate-record";
import { loadTable } from "@/server/services/data-tables";
import { defineExecutor } from "../executor";
import { dataNormalizeNode, dataValidateNode } from "../catalog/data-validate";
import { recordsOf, service, type Rec } from "./shared";

async function rulesOf(db: Db, workspaceId: string, c: { against: "table" | "rules"; table?: string; rules: TableDef["fields"] }): Promise<TableDef> {
  if (c.against === "rules") {
    if (c.rules.length === 0) throw new NonRetryableError("Add at least one rule", "CONFIG");
    return { name: "the rules", fields: c.rules };
  }
  if (!c.table) throw new NonRetryableError("Choose the table to check against", "CONFIG");
  return service(async () => (await loadTable(db, workspaceId, c.table!)).def);
}

export function validateExecutor(db: Db) {
  return defineExecutor(dataValidateNode, async (ctx) => {
    const def = await rulesOf(db, ctx.execution.workspaceId, ctx.config);
    const { list, single } = recordsOf(ctx);
    const problems: (FieldError & { item?: number })[] = [];
    const out = list.map((rec, i) => {
      const r = prepareRecord(def, rec, { unknownFields: "ignore" });
      if (!r.ok) {
        problems.push(...r.errors.map((e) => (single ? e : { ...e, item: i })));
        return rec;
      }
      return ctx.config.keepOtherFields ? { ...rec, ...r.values } : r.values;
    });
    if (problems.length) {
      const lines = problems.map((p) => (p.item === undefined ? p.message : `item ${p.item + 1}: ${p.message}`));
      throw new NonRetryableError(`${problems.length} problem${problems.length === 1 ? "" : "s"}: ${lines.join("; ")}`, "VALIDATION", {
        errors: problems,
        input: single ? list[0] : list,
      });
    }
    return { output: single ? out[0] : out };
  });
}

export function normalizeExecutor(db: Db) {
  return defineExecutor(dataNormalizeNode, async (ctx) => {
    const def = await rulesOf(db, ctx.execution.workspaceId, ctx.config);
    const { list, single } = recordsOf(ctx);
    const out = list.map((rec, i) => {
      const next: Rec = { ...rec };
      for (const f of def.fields) {
        if (!(f.key in rec)) continue;
        const r = prepareField(f, rec[f.key], { applyDefault: false });
        if (r.ok) next[f.key] = r.value;
        else ctx.log("warn", `${single ? "" : `Item ${i + 1}: `}${r.message} (left unchanged)`);
      }
      return next;
    });
    return { output: single ? out[0] : out };
  });
}
