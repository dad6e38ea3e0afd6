// Key rotation: re-encrypt every secret that is not under the current key. Run by
// `npx tsx scripts/rotate-key.ts` after appending a key to SWITCHYARD_ENCRYPTION_KEY; the old
// key can be dropped once this reports nothing left. Each row is its own short transaction,
// re-read under a row lock, so a token refresh that lands meanwhile is not overwritten.
import { eq, ne, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { credentials, oauthAuthorizations } from "@/db/schema";
import { envelopeVersion, reencrypt, type KeyRing } from "@/server/integrations/vault";

export interface RotationReport {
  current: string;
  reencrypted: number;
  pendingFlows: number;
  failed: { id: string; name: string; error: string }[];
}

export async function rotateCredentialKeys(db: Db, ring: KeyRing): Promise<RotationReport> {
  const report: RotationReport = { current: ring.current, reencrypted: 0, pendingFlows: 0, failed: [] };
  const stale = await db.select({ id: credentials.id, name: credentials.name }).from(credentials).where(ne(credentials.keyVersion, ring.current));
  for (const { id, name } of stale) {
    try {
      await db.transaction(async (tx) => {
        const [row] = await tx.select().from(credentials).where(eq(credentials.id, id)).for("update");
        if (!row) return;
        const secret = reencrypt(ring, row.secret, { workspaceId: row.workspaceId, credentialId: row.id });
        if (secret === row.secret) return;
        await tx.update(credentials).set({ secret, keyVersion: envelopeVersion(secret) }).where(eq(credentials.id, id));
        report.reencrypted++;
      });
    } catch (e) {
      report.failed.push({ id, name, error: e instanceof Error ? e.message : String(e) });
    }
  }
  // Authorization flows in progress live 10 minutes: re-encrypt the live ones, drop the expired.
  await db.delete(oauthAuthorizations).where(sql`${oauthAuthorizations.expiresAt} < now()`);
  const flows = await db.select().from(oauthAuthorizations);
  for (const f of flows) {
    const verifier = reencrypt(ring, f.verifier, { workspaceId: f.workspaceId, credentialId: f.credentialId });
    if (verifier !== f.verifier) {
      await db.update(oauthAuthorizations).set({ verifier }).where(eq(oauthAuthorizations.stateHash, f.stateHash));
      report.pendingFlows++;
    }
  }
  return report;
}

/** Key versions still in use, for the script's "can I drop the old key?" answer. */
export async function keyVersionsInUse(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ v: credentials.keyVersion }).from(credentials);
  return rows.map((r) => r.v).sort();
}
