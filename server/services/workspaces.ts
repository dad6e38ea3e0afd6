import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { memberships, users, workspaces, type Role } from "@/db/schema";
import { recordAudit, type Actor } from "./audit";

export interface UserRef {
  id: string;
  name: string;
  email: string;
}

export function actorOf(user: UserRef): Actor {
  return { id: user.id, label: user.name || user.email };
}

/** The workspaces a user belongs to, oldest first, with the user's role in each. */
export async function listMyWorkspaces(db: Db, userId: string) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt));
}

export async function getMembership(db: Db, workspaceId: string, userId: string): Promise<{ role: Role } | undefined> {
  const [m] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  return m;
}

export async function createWorkspace(db: Db, owner: UserRef, name: string) {
  return db.transaction((tx) => createWorkspaceInTx(tx, owner, name));
}

/**
 * A user who belongs to no workspace (a fresh sign-up that did not come through an invite link)
 * gets one of their own, of which they are the owner. Serialized per user so two first requests
 * cannot create two workspaces.
 */
export async function ensureWorkspaceFor(db: Db, user: UserRef) {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${"ensure-ws:" + user.id}))`);
    const existing = await listMyWorkspaces(tx, user.id);
    if (existing.length > 0) return existing;
    const first = user.name?.trim().split(/\s+/)[0];
    await createWorkspaceInTx(tx, user, first ? `${first}'s workspace` : "My workspace");
    return listMyWorkspaces(tx, user.id);
  });
}

async function createWorkspaceInTx(tx: Db, owner: UserRef, name: string) {
  const [ws] = await tx.insert(workspaces).values({ name }).returning();
  await tx.insert(memberships).values({ workspaceId: ws!.id, userId: owner.id, role: "owner" });
  await recordAudit(tx, ws!.id, actorOf(owner), {
    action: "workspace.create",
    targetType: "workspace",
    targetId: ws!.id,
    summary: `Created workspace "${name}"`,
  });
  return ws!;
}

export async function getUser(db: Db, userId: string): Promise<UserRef | undefined> {
  const [u] = await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  return u;
}
