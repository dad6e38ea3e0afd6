// Using a credential (server only, never exposed through tRPC): decrypt it for one step, turn it
// into request headers or query parameters, and list the values the step's logs must redact.
import { createHmac } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { credentials, type CredentialType } from "@/db/schema";
import type { HeaderMap } from "@/server/integrations/http-client";
import { authorizationHeader } from "@/server/integrations/oauth2";
import type { KeyRing } from "@/server/integrations/vault";
import { appKeyRing } from "./credentials-keys";
import { decryptRow, getCredentialRow } from "./credentials";
import { freshOAuthTokens, type OAuthDeps } from "./credentials-oauth";
import { secretValues, type CredentialSettings, type StoredSecret } from "./credentials-types";
import { NotFoundError, ValidationError } from "./errors";

type Row = typeof credentials.$inferSelect;

export interface CredentialInUse {
  row: Row;
  type: CredentialType;
  settings: Record<string, unknown>;
  secret: StoredSecret;
  /** Values to redact from everything the step stores. */
  secrets: string[];
}

export async function loadCredentialForUse(db: Db, workspaceId: string, id: string, opts: { ring?: KeyRing; type?: CredentialType | readonly CredentialType[] } = {}): Promise<CredentialInUse> {
  let row: Row;
  try {
    row = await getCredentialRow(db, workspaceId, id);
  } catch (e) {
    if (e instanceof NotFoundError) throw new NotFoundError(`The credential ${id} (it was deleted or belongs to another workspace)`);
    throw e;
  }
  const allowed = opts.type === undefined ? undefined : Array.isArray(opts.type) ? opts.type : [opts.type];
  if (allowed && !allowed.includes(row.type)) {
    throw new ValidationError(`The credential "${row.name}" is of type ${row.type}; this node needs ${allowed.join(" or ")}.`);
  }
  const secret = decryptRow(row, opts.ring ?? appKeyRing());
  return { row, type: row.type, settings: row.settings, secret, secrets: secretValues(row.type, row.settings, secret) };
}

/** The workspace's default credential of a type (Send e-mail without an explicit one). */
export async function defaultCredentialId(db: Db, workspaceId: string, type: CredentialType): Promise<string | undefined> {
  const [row] = await db
    .select({ id: credentials.id })
    .from(credentials)
    .where(and(eq(credentials.workspaceId, workspaceId), eq(credentials.type, type), eq(credentials.isDefault, true)));
  return row?.id;
}

export interface HttpAuth {
  headers: HeaderMap;
  query: Record<string, string>;
  /** OAuth2: refresh after a 401 and return the new Authorization header. */
  refresh?: () => Promise<HeaderMap>;
  /** Values that appeared on the wire (a refreshed token is added when it is fetched). */
  secrets: string[];
}

/** HMAC credentials sign the exact body bytes: `<header>: <prefix><hex digest>`. */
export function hmacHeader(cred: CredentialInUse, body: Buffer | string | undefined): HeaderMap {
  const s = cred.settings as CredentialSettings<"hmac">;
  const digest = createHmac(s.algorithm, cred.secret.secret ?? "").update(body ?? "").digest("hex");
  return { [s.header]: `${s.prefix}${digest}` };
}

/** Headers and query parameters that authenticate an HTTP request with this credential. */
export async function httpAuthFor(db: Db, cred: CredentialInUse, opts: { body?: Buffer | string; oauth?: OAuthDeps } = {}): Promise<HttpAuth> {
  const secrets = [...cred.secrets];
  switch (cred.type) {
    case "api_key": {
      const s = cred.settings as CredentialSettings<"api_key">;
      const key = cred.secret.apiKey ?? "";
      return s.placement === "query" ? { headers: {}, query: { [s.name]: key }, secrets } : { headers: { [s.name]: key }, query: {}, secrets };
    }
    case "bearer":
      return { headers: { Authorization: `Bearer ${cred.secret.token ?? ""}` }, query: {}, secrets };
    case "basic": {
      const user = (cred.settings as CredentialSettings<"basic">).username;
      const pair = Buffer.from(`${user}:${cred.secret.password ?? ""}`).toString("base64");
      return { headers: { Authorization: `Basic ${pair}` }, query: {}, secrets };
    }
    case "hmac":
      return { headers: hmacHeader(cred, opts.body), query: {}, secrets };
    case "oauth2": {
      const tokens = await freshOAuthTokens(db, cred.row, {}, opts.oauth);
      let current = tokens.accessToken;
      secrets.push(current);
      return {
        headers: authorizationHeader(tokens),
        query: {},
        secrets,
        refresh: async () => {
          const next = await freshOAuthTokens(db, cred.row, { rejectedAccessToken: current }, opts.oauth);
          current = next.accessToken;
          secrets.push(current);
          return authorizationHeader(next);
        },
      };
    }
    case "smtp":
      throw new ValidationError(`"${cred.row.name}" is an SMTP credential; it can only be used by Send e-mail.`);
  }
}
