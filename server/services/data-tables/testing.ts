// Test fixtures for data-table tests: a workspace with an owner, the writer objects, a Leads table.
import type { Db } from "@/db/client";
import { makeWorkspaceWithOwner } from "@/server/api/testing";
import { LEADS_TABLE } from "@/server/data/starter-tables";
import { actorOf } from "../workspaces";
import { systemActor } from "../audit";
import type { Writer } from "./common";
import { createTable } from "./tables";

export async function leadsFixture(db: Db) {
  const { owner, workspaceId } = await makeWorkspaceWithOwner(db);
  const user: Writer = { actor: actorOf(owner) };
  const table = await createTable(db, workspaceId, user.actor, LEADS_TABLE);
  return { owner, workspaceId, user, table };
}

export function flowWriter(executionId: string): Writer {
  return { actor: systemActor, executionId };
}
