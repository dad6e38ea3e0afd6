// The audit log page's query: filters on what was changed, the kind of action, who, a text search
// in the summary and a time range; keyset pagination on the id. Read-only (the table is append-only).
import { and, desc, gte, ilike, like, lt, or, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

export interface AuditPageFilter {
  targetType?: string;
  /** An action or an action prefix ("workflow." for every workflow action). */
  action?: string;
  actor?: string;
  search?: string;
  from?: Date;
  to?: Date;
  cursor?: number | null;
}

const like_ = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export async function listAuditPage(db: Db, workspaceId: string, f: AuditPageFilter, limit = 50) {
  const conds: SQL[] = [eq(auditLog.workspaceId, workspaceId)];
  if (f.targetType) conds.push(eq(auditLog.targetType, f.targetType));
  if (f.action) conds.push(f.action.endsWith(".") ? like(auditLog.action, `${f.action.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : eq(auditLog.action, f.action));
  if (f.actor) conds.push(ilike(auditLog.actorLabel, like_(f.actor)));
  if (f.search) conds.push(or(ilike(auditLog.summary, like_(f.search)), eq(auditLog.targetId, f.search))!);
  if (f.from) conds.push(gte(auditLog.createdAt, f.from));
  if (f.to) conds.push(lt(auditLog.createdAt, f.to));
  if (f.cursor) conds.push(lt(auditLog.id, f.cursor));
  const rows = await db.select().from(auditLog).where(and(...conds)).orderBy(desc(auditLog.id)).limit(limit + 1);
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
