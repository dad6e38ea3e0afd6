// The data-table node executors. NodeRunContext carries no database handle, so the runtime builds
// them over its `db` and passes them to createRegistry(extra). Every query is scoped by
// ctx.execution.workspaceId inside the data-table service.
import "server-only";
import type { Db } from "@/db/client";
import type { NodeExecutor } from "../executor";
import { normalizeExecutor, validateExecutor } from "./checks";
import { deleteExecutor, findExecutor, insertExecutor, updateExecutor, upsertExecutor } from "./records";
import { aggregateExecutor, dedupeExecutor } from "./dedupe-aggregate";

export function createDataExecutors(db: Db): NodeExecutor[] {
  return [
    validateExecutor(db),
    normalizeExecutor(db),
    findExecutor(db),
    insertExecutor(db),
    updateExecutor(db),
    upsertExecutor(db),
    deleteExecutor(db),
    dedupeExecutor(db),
    aggregateExecutor(db),
  ] as unknown as NodeExecutor[];
}
