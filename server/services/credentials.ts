// Credentials: create, edit, replace the secret, delete, list, and find the workflows that use
// one. Secrets are encrypted before they reach the database and nothing here returns them: the
// views carry a masked form only. Decryption for use happens in credentials-runtime.ts.
import { randomUUID } from "node:crypto";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { queryRows } from "@/db/client";
import { credentials, type CredentialType } from "@/db/schema";
import { decryptJson, encryptJson, envelopeVersion, type KeyRing } from "@/server/integrations/vault";
import { recordAudit, type Actor } from "./audit";
import { appKeyRing } from "./credentials-keys";
import { maskSecret, parseSecret, parseSettings, type MaskedSecret, type StoredSecret } from "./credentials-types";
import { ConflictError, NotFoundError, ValidationError } from "./errors";

export interface CredentialDeps {
  ring?: KeyRing;
}

type Row = typeof credentials.$inferSelect;

/** What editors see (to pick a credential in a node form): no settings, no secret. */
export interface CredentialSummary {
  id: string;
  name: string;
  type: CredentialType;
  status: "ok" | "needs_reconnect";
  isDefault: boolean;
}

/** What admins see: settings and a masked secret. */
export interface CredentialDetails extends CredentialSummary {
  settings: Record<string, unknown>;
  secret: MaskedSecret;
  statusReason: string | null;
  lastTest: { at: Date; ok: boolean; message: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

const summary = (r: Row): CredentialSummary => ({ id: r.id, name: r.name, type: r.type, status: r.status, isDefault: r.isDefault });

export function ctxOf(r: Pick<Row, "workspaceId" | "id">) {
  return { workspaceId: r.workspaceId, credentialId: r.id };
}

export function decryptRow(r: Row, ring: KeyRing): StoredSecret {
  return decryptJson<StoredSecret>(ring, r.secret, ctxOf(r));
}

function details(r: Row, ring: KeyRing): CredentialDetails {
  return {
    ...summary(r),
    settings: r.settings,
    secret: maskSecret(r.type, decryptRow(r, ring)),
    statusReason: r.statusReason,
    lastTest: r.lastTestedAt ? { at: r.lastTestedAt, ok: !!r.lastTestOk, message: r.lastTestMessage ?? "" } : null,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export async function getCredentialRow(db: Db, workspaceId: string, id: string): Promise<Row> {
  const [row] = await db.select().from(credentials).where(and(eq(credentials.workspaceId, workspaceId), eq(credentials.id, id)));
  if (!row) throw new NotFoundError("The credential");
  return row;
}

export async function listCredentials(db: Db, workspaceId: string, type?: CredentialType): Promise<CredentialSummary[]> {
  const where = type ? and(eq(credentials.workspaceId, workspaceId), eq(credentials.type, type)) : eq(credentials.workspaceId, workspaceId);
  const rows = await db.select().from(credentials).where(where).orderBy(asc(sql`lower(${credentials.name})`));
  return rows.map(summary);
}

export async function listCredentialDetails(db: Db, workspaceId: string, deps: CredentialDeps = {}): Promise<CredentialDetails[]> {
  const ring = deps.ring ?? appKeyRing();
  const rows = await db.select().from(credentials).where(eq(credentials.workspaceId, workspaceId)).orderBy(asc(sql`lower(${credentials.name})`));
  return rows.map((r) => details(r, ring));
}

export async function getCredentialDetails(db: Db, workspaceId: string, id: string, deps: CredentialDeps = {}): Promise<CredentialDetails> {
  return details(await getCredentialRow(db, workspaceId, id), deps.ring ?? appKeyRing());
}

export interface CreateCredentialInput {
  name: string;
  type: CredentialType;
  settings?: Record<string, unknown>;
  secret?: Record<string, unknown>;
  isDefault?: boolean;
}

function cleanName(name: string): string {
  const n = name.trim();
  if (!n) throw new ValidationError("Give the credential a name.", [{ path: "name", message: "Give the credential a name." }]);
  if (n.length > 100) throw new ValidationError("The name is too long.", [{ path: "name", message: "Use at most 100 characters." }]);
  return n;
}

async function assertNameFree(db: Db, workspaceId: string, name: string, exceptId?: string) {
  const conds = [eq(credentials.workspaceId, workspaceId), sql`lower(${credentials.name}) = lower(${name})`];
  if (exceptId) conds.push(ne(credentials.id, exceptId));
  const [dup] = await db.select({ id: credentials.id }).from(credentials).where(and(...conds));
  if (dup) throw new ValidationError("A credential with this name exists.", [{ path: "name", message: "A credential with this name already exists." }]);
}

/** A workspace has at most one default per type: setting one clears the others (same transaction). */
async function clearDefault(tx: Db, workspaceId: string, type: CredentialType) {
  await tx.update(credentials).set({ isDefault: false }).where(and(eq(credentials.workspaceId, workspaceId), eq(credentials.type, type), eq(credentials.isDefault, true)));
}

export async function createCredential(db: Db, workspaceId: string, actor: Actor, input: CreateCredentialInput, deps: CredentialDeps = {}): Promise<CredentialDetails> {
  const ring = deps.ring ?? appKeyRing();
  const name = cleanName(input.name);
  const settings = parseSettings(input.type, input.settings);
  const secret = parseSecret(input.type, input.secret);
  await assertNameFree(db, workspaceId, name);
  const id = randomUUID();
  const envelope = encryptJson(ring, secret, { workspaceId, credentialId: id });
  const row = await db.transaction(async (tx) => {
    if (input.isDefault) await clearDefault(tx, workspaceId, input.type);
    const [r] = await tx
      .insert(credentials)
      .values({ id, workspaceId, name, type: input.type, secret: envelope, keyVersion: envelopeVersion(envelope), settings, isDefault: !!input.isDefault, createdBy: actor.id, updatedBy: actor.id })
      .returning();
    await recordAudit(tx, workspaceId, actor, { action: "credential.create", targetType: "credential", targetId: id, summary: `Added ${input.type} credential "${name}"` });
    return r!;
  });
  return details(row, ring);
}

export interface UpdateCredentialInput {
  id: string;
  name?: string;
  settings?: Record<string, unknown>;
  isDefault?: boolean;
}

export async function updateCredential(db: Db, workspaceId: string, actor: Actor, input: UpdateCredentialInput, deps: CredentialDeps = {}): Promise<CredentialDetails> {
  const ring = deps.ring ?? appKeyRing();
  const current = await getCredentialRow(db, workspaceId, input.id);
  const name = input.name === undefined ? current.name : cleanName(input.name);
  if (name !== current.name) await assertNameFree(db, workspaceId, name, current.id);
  const settings = input.settings === undefined ? current.settings : parseSettings(current.type, input.settings);
  const changed = [name !== current.name && "name", input.settings !== undefined && "settings", input.isDefault !== undefined && input.isDefault !== current.isDefault && "default"].filter(Boolean);
  const row = await db.transaction(async (tx) => {
    if (input.isDefault) await clearDefault(tx, workspaceId, current.type);
    const [r] = await tx
      .update(credentials)
      .set({ name, settings, isDefault: input.isDefault ?? current.isDefault, updatedBy: actor.id, updatedAt: new Date() })
      .where(and(eq(credentials.workspaceId, workspaceId), eq(credentials.id, current.id)))
      .returning();
    await recordAudit(tx, workspaceId, actor, {
      action: "credential.update",
      targetType: "credential",
      targetId: current.id,
      summary: `Changed ${changed.length ? changed.join(", ") : "nothing"} of credential "${name}"`,
    });
    return r!;
  });
  return details(row, ring);
}

/**
 * Replace the secret fields that were given; the others are kept (an OAuth2 client secret can
 * change without dropping the tokens). The old value is never shown, only overwritten.
 */
export async function replaceCredentialSecret(db: Db, workspaceId: string, actor: Actor, input: { id: string; secret: Record<string, unknown> }, deps: CredentialDeps = {}): Promise<CredentialDetails> {
  const ring = deps.ring ?? appKeyRing();
  const current = await getCredentialRow(db, workspaceId, input.id);
  const given = parseSecret(current.type, input.secret);
  const merged = { ...decryptRow(current, ring), ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) } as StoredSecret;
  const envelope = encryptJson(ring, merged, ctxOf(current));
  const row = await db.transaction(async (tx) => {
    const [r] = await tx
      .update(credentials)
      .set({ secret: envelope, keyVersion: envelopeVersion(envelope), status: "ok", statusReason: null, lastTestedAt: null, lastTestOk: null, lastTestMessage: null, updatedBy: actor.id, updatedAt: new Date() })
      .where(and(eq(credentials.workspaceId, workspaceId), eq(credentials.id, current.id)))
      .returning();
    await recordAudit(tx, workspaceId, actor, { action: "credential.replace_secret", targetType: "credential", targetId: current.id, summary: `Replaced the secret of credential "${current.name}"` });
    return r!;
  });
  return details(row, ring);
}

export interface CredentialUse {
  workflowId: string;
  name: string;
  /** Where the id was found: the editable draft, the published version, or both. */
  in: ("draft" | "published")[];
}

/** Workflows whose draft or published graph mentions the credential's id. */
export async function credentialUsage(db: Db, workspaceId: string, id: string): Promise<CredentialUse[]> {
  await getCredentialRow(db, workspaceId, id);
  const needle = `%${id}%`;
  const rows = await queryRows<{ id: string; name: string; in_draft: boolean; in_published: boolean }>(
    db,
    sql`select w.id, w.name,
          w.draft_graph::text like ${needle} as in_draft,
          coalesce(v.graph::text like ${needle}, false) as in_published
        from workflows w
        left join workflow_versions v on v.workflow_id = w.id and v.version = w.published_version
        where w.workspace_id = ${workspaceId} and w.deleted_at is null
          and (w.draft_graph::text like ${needle} or v.graph::text like ${needle})
        order by lower(w.name)`,
  );
  return rows.map((r) => ({ workflowId: r.id, name: r.name, in: [...(r.in_draft ? ["draft" as const] : []), ...(r.in_published ? ["published" as const] : [])] }));
}

/** Deleting a credential that workflows use would break them: refused unless `force`. */
export async function deleteCredential(db: Db, workspaceId: string, actor: Actor, input: { id: string; force?: boolean }): Promise<{ id: string }> {
  const current = await getCredentialRow(db, workspaceId, input.id);
  const uses = await credentialUsage(db, workspaceId, current.id);
  if (uses.length && !input.force) {
    throw new ConflictError(`"${current.name}" is used by ${uses.map((u) => `"${u.name}"`).join(", ")}. Change those workflows first, or delete anyway.`);
  }
  await db.transaction(async (tx) => {
    await tx.delete(credentials).where(and(eq(credentials.workspaceId, workspaceId), eq(credentials.id, current.id)));
    await recordAudit(tx, workspaceId, actor, {
      action: "credential.delete",
      targetType: "credential",
      targetId: current.id,
      summary: `Deleted credential "${current.name}"${uses.length ? ` (still used by ${uses.length} workflow(s))` : ""}`,
    });
  });
  return { id: current.id };
}
