// Test helpers: real users, workspaces and tRPC callers over a test database.
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { memberships, users, type Role } from "@/db/schema";
import { createWorkspace, type UserRef } from "@/server/services/workspaces";
import { createCaller } from "./root";

export async function makeUser(db: Db, name = "Test User"): Promise<UserRef> {
  const id = randomUUID();
  const email = `${id.slice(0, 8)}@example.test`;
  await db.insert(users).values({ id, name, email });
  return { id, name, email };
}

export async function makeWorkspaceWithOwner(db: Db, ownerName = "Owner") {
  const owner = await makeUser(db, ownerName);
  const ws = await createWorkspace(db, owner, `${ownerName}'s workspace`);
  return { owner, workspaceId: ws.id };
}

export async function addMember(db: Db, workspaceId: string, role: Role, name = role) {
  const user = await makeUser(db, name);
  await db.insert(memberships).values({ workspaceId, userId: user.id, role });
  return user;
}

export function callerFor(db: Db, user: UserRef | null, workspaceId: string | null = null) {
  return createCaller({ db, user, requestedWorkspaceId: workspaceId });
}
