// OAuth2 credentials: the authorization-code flow with PKCE (start → provider → callback), the
// client-credentials grant, and fresh tokens for use with a cluster-wide single-flight refresh
// (in-process promise + Postgres lease, server/integrations/oauth2-refresh.ts). New tokens are
// encrypted and stored before anyone uses them; a dead grant marks the credential
// "needs reconnect" once and is never retried.
import { createHash } from "node:crypto";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { credentials, oauthAuthorizations } from "@/db/schema";
import { PgRefreshLease } from "@/server/integrations/pg-stores";
import { buildAuthorizationUrl, createPkce, createState, OAuthError, requestToken, type ClientConfig, type Grant, type TokenSet } from "@/server/integrations/oauth2";
import { getFreshTokens, type RefreshDeps } from "@/server/integrations/oauth2-refresh";
import type { AllowListInput, Resolver } from "@/server/integrations/ssrf-guard";
import { decryptJson, encryptJson, envelopeVersion, type KeyRing } from "@/server/integrations/vault";
import { recordAudit, type Actor } from "./audit";
import { appKeyRing } from "./credentials-keys";
import { ctxOf, decryptRow, getCredentialRow } from "./credentials";
import type { CredentialSettings, StoredSecret } from "./credentials-types";
import { NotFoundError, ValidationError } from "./errors";
import { getOutboundAllowList } from "./outbound-settings";

export interface OAuthDeps {
  ring?: KeyRing;
  allowList?: AllowListInput;
  resolve?: Resolver;
  now?: () => number;
  /** RefreshDeps overrides (tests simulate several processes with their own single flight and holder). */
  refresh?: Partial<Pick<RefreshDeps, "singleFlight" | "holder" | "pollMs" | "waitForOtherMs" | "leaseTtlMs" | "lease">>;
}

type Row = typeof credentials.$inferSelect;
const FLOW_TTL_MS = 10 * 60_000;
const hashState = (state: string) => createHash("sha256").update(state).digest("base64url");

function oauthSettings(row: Row): CredentialSettings<"oauth2"> {
  if (row.type !== "oauth2") throw new ValidationError(`"${row.name}" is not an OAuth2 credential.`);
  return row.settings as CredentialSettings<"oauth2">;
}

function clientOf(row: Row, secret: StoredSecret): ClientConfig {
  const s = oauthSettings(row);
  return { tokenUrl: s.tokenUrl, clientId: s.clientId, clientSecret: secret.clientSecret, clientAuth: s.clientAuth };
}

const scopesOf = (row: Row) => oauthSettings(row).scopes.split(/[\s,]+/).filter(Boolean);

async function allowListFor(db: Db, row: Row, deps: OAuthDeps): Promise<AllowListInput> {
  return deps.allowList ?? (await getOutboundAllowList(db, row.workspaceId));
}

/** Encrypt and store a new token set (and clear "needs reconnect"). */
export async function storeTokens(db: Db, row: Row, tokens: TokenSet, ring: KeyRing): Promise<void> {
  const current = await getCredentialRow(db, row.workspaceId, row.id);
  const envelope = encryptJson(ring, { ...decryptRow(current, ring), tokens }, ctxOf(row));
  await db
    .update(credentials)
    .set({ secret: envelope, keyVersion: envelopeVersion(envelope), status: "ok", statusReason: null, updatedAt: new Date() })
    .where(eq(credentials.id, row.id));
}

export async function markNeedsReconnect(db: Db, row: Row, reason: string): Promise<void> {
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(credentials)
      .set({ status: "needs_reconnect", statusReason: reason.slice(0, 500), updatedAt: new Date() })
      .where(and(eq(credentials.id, row.id), eq(credentials.status, "ok")))
      .returning({ id: credentials.id });
    // Only the first marker writes the audit entry (and later raises the alert): no flood.
    if (updated.length) {
      await recordAudit(tx, row.workspaceId, { id: null, label: "Switchyard" }, { action: "credential.needs_reconnect", targetType: "credential", targetId: row.id, summary: `Credential "${row.name}" needs to be reconnected: ${reason.slice(0, 200)}` });
    }
  });
}

/** Step 1 of the authorization-code flow: remember state + PKCE verifier, return the provider URL. */
export async function startAuthorization(db: Db, workspaceId: string, actor: Actor, input: { id: string; redirectUri: string }, deps: OAuthDeps = {}): Promise<{ url: string }> {
  const ring = deps.ring ?? appKeyRing();
  const row = await getCredentialRow(db, workspaceId, input.id);
  const s = oauthSettings(row);
  if (s.grant !== "authorization_code") throw new ValidationError("This credential uses the client-credentials grant: use Connect instead.");
  const pkce = createPkce();
  const state = createState();
  const now = (deps.now ?? Date.now)();
  await db.delete(oauthAuthorizations).where(lt(oauthAuthorizations.expiresAt, new Date(now)));
  await db.insert(oauthAuthorizations).values({
    stateHash: hashState(state),
    workspaceId,
    credentialId: row.id,
    verifier: encryptJson(ring, pkce.verifier, ctxOf(row)),
    redirectUri: input.redirectUri,
    userId: actor.id ?? "",
    expiresAt: new Date(now + FLOW_TTL_MS),
  });
  const url = buildAuthorizationUrl({ authorizationUrl: s.authorizationUrl, clientId: s.clientId, redirectUri: input.redirectUri, scopes: scopesOf(row), state, codeChallenge: pkce.challenge, extraParams: { access_type: "offline" } });
  return { url };
}

/** Step 2: the provider sent the user back with `code` and `state`; the state is single-use. */
export async function completeAuthorization(db: Db, userId: string, input: { state: string; code: string }, deps: OAuthDeps = {}): Promise<{ workspaceId: string; credentialId: string; name: string }> {
  const ring = deps.ring ?? appKeyRing();
  const now = (deps.now ?? Date.now)();
  const [flow] = await db.delete(oauthAuthorizations).where(eq(oauthAuthorizations.stateHash, hashState(input.state))).returning();
  if (!flow || flow.expiresAt.getTime() < now) throw new NotFoundError("This sign-in link (it expired or was already used; start again from Credentials)");
  if (flow.userId !== userId) throw new ValidationError("This sign-in was started by another user.");
  const row = await getCredentialRow(db, flow.workspaceId, flow.credentialId);
  const verifier = decryptJson<string>(ring, flow.verifier, ctxOf(row));
  const grant: Grant = { grant: "authorization_code", code: input.code, redirectUri: flow.redirectUri, codeVerifier: verifier };
  const tokens = await requestToken(clientOf(row, decryptRow(row, ring)), grant, { allowList: await allowListFor(db, row, deps), resolve: deps.resolve, now: deps.now });
  await storeTokens(db, row, tokens, ring);
  await recordAudit(db, row.workspaceId, { id: userId, label: "OAuth2 callback" }, { action: "credential.connect", targetType: "credential", targetId: row.id, summary: `Connected OAuth2 credential "${row.name}"` });
  return { workspaceId: row.workspaceId, credentialId: row.id, name: row.name };
}

/** The client-credentials grant: get a token now (also what "Connect" does for such credentials). */
export async function connectClientCredentials(db: Db, workspaceId: string, actor: Actor, id: string, deps: OAuthDeps = {}): Promise<{ expiresAt: number | null }> {
  const ring = deps.ring ?? appKeyRing();
  const row = await getCredentialRow(db, workspaceId, id);
  if (oauthSettings(row).grant !== "client_credentials") throw new ValidationError("This credential signs in through the provider's page: use Connect instead.");
  const tokens = await requestToken(clientOf(row, decryptRow(row, ring)), { grant: "client_credentials", scopes: scopesOf(row) }, { allowList: await allowListFor(db, row, deps), resolve: deps.resolve, now: deps.now });
  await storeTokens(db, row, tokens, ring);
  await recordAudit(db, workspaceId, actor, { action: "credential.connect", targetType: "credential", targetId: id, summary: `Connected OAuth2 credential "${row.name}" (client credentials)` });
  return { expiresAt: tokens.expiresAt };
}

/**
 * Tokens good to use now. Refreshes at most once across every worker when less than 5 minutes
 * remain, or when `rejectedAccessToken` (a 401) names the current one.
 */
export async function freshOAuthTokens(db: Db, row: Row, opts: { rejectedAccessToken?: string } = {}, deps: OAuthDeps = {}): Promise<TokenSet> {
  const ring = deps.ring ?? appKeyRing();
  const allowList = await allowListFor(db, row, deps);
  const read = async (): Promise<TokenSet> => {
    const fresh = await getCredentialRow(db, row.workspaceId, row.id);
    const tokens = decryptRow(fresh, ring).tokens;
    if (fresh.status === "needs_reconnect") throw new OAuthError("invalid_grant", `The credential "${row.name}" needs to be reconnected${fresh.statusReason ? `: ${fresh.statusReason}` : "."}`);
    if (!tokens) throw new OAuthError("not_connected", `The OAuth2 credential "${row.name}" is not connected yet: connect it under Credentials.`);
    return tokens;
  };
  const refreshDeps: RefreshDeps = {
    read,
    refresh: async (current) => {
      const fresh = await getCredentialRow(db, row.workspaceId, row.id);
      const client = clientOf(fresh, decryptRow(fresh, ring));
      const grant: Grant =
        oauthSettings(fresh).grant === "client_credentials" ? { grant: "client_credentials", scopes: scopesOf(fresh) }
        : current.refreshToken ? { grant: "refresh_token", refreshToken: current.refreshToken }
        : (() => { throw new OAuthError("invalid_grant", "The provider gave no refresh token; sign in again."); })();
      return requestToken(client, grant, { allowList, resolve: deps.resolve, now: deps.now }, current);
    },
    persist: (tokens) => storeTokens(db, row, tokens, ring),
    markNeedsReconnect: (reason) => markNeedsReconnect(db, row, reason),
    lease: new PgRefreshLease(db),
    now: deps.now,
    ...deps.refresh,
  };
  return getFreshTokens(row.id, refreshDeps, opts);
}

/** Expired authorization flows are removed on each start; this is for a periodic sweep too. */
export async function pruneAuthorizations(db: Db): Promise<void> {
  await db.delete(oauthAuthorizations).where(lt(oauthAuthorizations.expiresAt, sql`now()`));
}
