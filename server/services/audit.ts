import { and, desc, eq, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

export interface Actor {
  /** User id, or null for the system (scheduler, engine). */
  id: string | null;
  label: string;
}

export const systemActor: Actor = { id: null, label: "Switchyard" };

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  summary: string;
  details?: Record<string, unknown>;
}

/** Writes one audit row. Call it inside the same transaction as the change it records. */
export async function recordAudit(db: Db, workspaceId: string, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    workspaceId,
    actorId: actor.id,
    actorLabel: actor.label,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    summary: entry.summary,
    details: entry.details ?? null,
  });
}

export interface AuditFilter {
  targetType?: string;
  targetId?: string;
  action?: string;
  /** Keyset cursor: the id of the last row of the previous page. */
  beforeId?: number;
  limit?: number;
}

export async function listAudit(db: Db, workspaceId: string, f: AuditFilter = {}) {
  const conds: (SQL | undefined)[] = [eq(auditLog.workspaceId, workspaceId)];
  if (f.targetType) conds.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) conds.push(eq(auditLog.targetId, f.targetId));
  if (f.action) conds.push(or(eq(auditLog.action, f.action)));
  if (f.beforeId) conds.push(lt(auditLog.id, f.beforeId));
  const limit = Math.min(f.limit ?? 50, 200);
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? rows[limit - 1]!.id : null };
}
