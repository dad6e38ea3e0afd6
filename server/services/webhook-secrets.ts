// The signing secret of a webhook trigger is kept as an HMAC credential (never in the graph).
import type { Db } from "@/db/client";
import { loadCredentialForUse } from "./credentials-runtime";

/**
 * Secrets to accept for a trigger's signature: the credential's current secret and, during a
 * rotation, its previous one. A missing or wrong-type credential yields none, so the request is
 * refused (401) rather than accepted unsigned.
 */
export async function signingSecretsFromCredential(db: Db, workspaceId: string, credentialId: string): Promise<string[]> {
  try {
    const cred = await loadCredentialForUse(db, workspaceId, credentialId, { type: "hmac" });
    return [cred.secret.secret, cred.secret.previousSecret].filter((s): s is string => typeof s === "string" && s.length > 0);
  } catch {
    return [];
  }
}
