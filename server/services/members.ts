import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { invitations, memberships, users, workspaces, type Role } from "@/db/schema";
import { recordAudit, type Actor } from "./audit";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "./errors";
import { roleAtLeast, roleLabels } from "./roles";

const INVITE_TTL_DAYS = 7;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export async function listMembers(db: Db, workspaceId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(asc(memberships.createdAt));
}

/** Only an owner may hand out the owner role; admins manage everyone below them. */
function assertMayGrant(actorRole: Role, role: Role) {
  if (role === "owner" && actorRole !== "owner") throw new ForbiddenError("Only an owner can make someone an owner.");
  if (!roleAtLeast(actorRole, "admin")) throw new ForbiddenError("Only owners and admins can manage members.");
}

/** Creates a single-use invite link. The token is returned once; only its hash is stored. */
export async function createInvite(db: Db, workspaceId: string, actor: Actor, actorRole: Role, role: Role) {
  assertMayGrant(actorRole, role);
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(Date.now() + INVITE_TTL_DAYS * 86_400_000);
  return db.transaction(async (tx) => {
    const [inv] = await tx
      .insert(invitations)
      .values({ workspaceId, tokenHash: hashToken(token), role, createdBy: actor.id, expiresAt })
      .returning({ id: invitations.id });
    await recordAudit(tx, workspaceId, actor, {
      action: "member.invite",
      targetType: "invitation",
      targetId: inv!.id,
      summary: `Created an invite link for the ${roleLabels[role]} role`,
      details: { role },
    });
    return { id: inv!.id, token, role, expiresAt };
  });
}

export async function listOpenInvites(db: Db, workspaceId: string) {
  return db
    .select({ id: invitations.id, role: invitations.role, expiresAt: invitations.expiresAt, createdAt: invitations.createdAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
        sql`${invitations.uses} < ${invitations.maxUses}`,
      ),
    )
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvite(db: Db, workspaceId: string, actor: Actor, actorRole: Role, inviteId: string) {
  if (!roleAtLeast(actorRole, "admin")) throw new ForbiddenError("Only owners and admins can manage members.");
  await db.transaction(async (tx) => {
    const res = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(and(eq(invitations.id, inviteId), eq(invitations.workspaceId, workspaceId), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (res.length === 0) throw new NotFoundError("Invite");
    await recordAudit(tx, workspaceId, actor, { action: "member.invite_revoke", targetType: "invitation", targetId: inviteId, summary: "Revoked an invite link" });
  });
}

/** What an invite link leads to, for the page a visitor lands on (no membership needed). */
export async function describeInvite(db: Db, token: string) {
  const [row] = await db
    .select({ id: invitations.id, role: invitations.role, workspaceName: workspaces.name, expiresAt: invitations.expiresAt, revokedAt: invitations.revokedAt, uses: invitations.uses, maxUses: invitations.maxUses })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, hashToken(token)));
  if (!row) return { valid: false as const, reason: "This invite link is not valid. Ask for a new one." };
  if (row.revokedAt) return { valid: false as const, reason: "This invite link was withdrawn. Ask for a new one." };
  if (row.expiresAt < new Date()) return { valid: false as const, reason: "This invite link has expired. Ask for a new one." };
  if (row.uses >= row.maxUses) return { valid: false as const, reason: "This invite link was already used. Ask for a new one." };
  return { valid: true as const, workspaceName: row.workspaceName, role: row.role };
}

export async function acceptInvite(db: Db, token: string, user: { id: string; label: string }) {
  return db.transaction(async (tx) => {
    // Claim one use atomically, so a single-use link cannot admit two people.
    const [inv] = await tx
      .update(invitations)
      .set({ uses: sql`${invitations.uses} + 1` })
      .where(
        and(
          eq(invitations.tokenHash, hashToken(token)),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
          sql`${invitations.uses} < ${invitations.maxUses}`,
        ),
      )
      .returning({ workspaceId: invitations.workspaceId, role: invitations.role, id: invitations.id });
    if (!inv) throw new ValidationError("This invite link is no longer valid. Ask for a new one.");
    const existing = await tx
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, inv.workspaceId), eq(memberships.userId, user.id)));
    if (existing.length > 0) throw new ConflictError("You are already a member of this workspace.");
    await tx.insert(memberships).values({ workspaceId: inv.workspaceId, userId: user.id, role: inv.role });
    await recordAudit(tx, inv.workspaceId, { id: user.id, label: user.label }, {
      action: "member.join",
      targetType: "member",
      targetId: user.id,
      summary: `${user.label} joined as ${roleLabels[inv.role]}`,
      details: { role: inv.role, invitationId: inv.id },
    });
    return { workspaceId: inv.workspaceId, role: inv.role };
  });
}

export async function changeRole(db: Db, workspaceId: string, actor: Actor, actorRole: Role, userId: string, role: Role) {
  assertMayGrant(actorRole, role);
  await db.transaction(async (tx) => {
    // Lock the workspace's memberships so two demotions cannot remove the last owner together.
    const all = await tx.select().from(memberships).where(eq(memberships.workspaceId, workspaceId)).for("update");
    const target = all.find((m) => m.userId === userId);
    if (!target) throw new NotFoundError("Member");
    if (target.role === "owner" && actorRole !== "owner") throw new ForbiddenError("Only an owner can change another owner's role.");
    if (target.role === "owner" && role !== "owner" && all.filter((m) => m.role === "owner").length === 1) {
      throw new ValidationError("A workspace needs at least one owner. Make someone else an owner first.");
    }
    if (target.role === role) return;
    await tx.update(memberships).set({ role }).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
    await recordAudit(tx, workspaceId, actor, {
      action: "member.role_change",
      targetType: "member",
      targetId: userId,
      summary: `Changed role from ${roleLabels[target.role]} to ${roleLabels[role]}`,
      details: { from: target.role, to: role },
    });
  });
}

export async function removeMember(db: Db, workspaceId: string, actor: Actor, actorRole: Role, userId: string) {
  if (!roleAtLeast(actorRole, "admin")) throw new ForbiddenError("Only owners and admins can manage members.");
  await db.transaction(async (tx) => {
    const all = await tx.select().from(memberships).where(eq(memberships.workspaceId, workspaceId)).for("update");
    const target = all.find((m) => m.userId === userId);
    if (!target) throw new NotFoundError("Member");
    if (target.role === "owner" && actorRole !== "owner") throw new ForbiddenError("Only an owner can remove an owner.");
    if (target.role === "owner" && all.filter((m) => m.role === "owner").length === 1) {
      throw new ValidationError("A workspace needs at least one owner.");
    }
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
    await recordAudit(tx, workspaceId, actor, { action: "member.remove", targetType: "member", targetId: userId, summary: `Removed a ${roleLabels[target.role]}` });
  });
}
