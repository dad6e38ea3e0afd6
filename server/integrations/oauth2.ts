/**
 * OAuth2 building blocks: PKCE, the authorization URL, token requests and responses, and the
 * "refresh now?" rule. The token endpoint is called through the SSRF-guarded client — an
 * admin-entered token URL is as much an SSRF vector as an HTTP node.
 */
import { createHash, randomBytes } from "node:crypto";
import { outboundRequest } from "./http-client";
import type { AllowListInput, Resolver } from "./ssrf-guard";

/** Refresh proactively when less than this is left (no refresh per request, no storm). */
export const REFRESH_SKEW_MS = 5 * 60_000;

export class OAuthError extends Error {
  constructor(
    /** RFC 6749 error code (invalid_grant, invalid_client…) or our own (invalid_response). */
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = "OAuthError";
  }
  /** The grant is gone: only the user can fix it by reconnecting. Never retry. */
  get needsReconnect(): boolean {
    return this.code === "invalid_grant" || this.code === "unauthorized_client" || this.code === "invalid_client";
  }
}

// ---------------------------------------------------------------------------------------------
// PKCE and the authorization URL

export function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** RFC 7636: 32 random bytes → a 43-character verifier, S256 challenge. */
export function createPkce(): { verifier: string; challenge: string; method: "S256" } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: pkceChallenge(verifier), method: "S256" };
}

/** Opaque CSRF state for the callback; store it server-side with the verifier. */
export function createState(): string {
  return randomBytes(24).toString("base64url");
}

export interface AuthorizationUrlInput {
  authorizationUrl: string;
  clientId: string;
  redirectUri: string;
  scopes?: readonly string[];
  /** Most providers use " ", a few (older Facebook, some Salesforce setups) ",". */
  scopeSeparator?: string;
  state: string;
  codeChallenge?: string;
  extraParams?: Record<string, string>;
}

export function buildAuthorizationUrl(p: AuthorizationUrlInput): string {
  const url = new URL(p.authorizationUrl);
  const params = url.searchParams;
  // Extra params first, so they can add (access_type=offline, prompt=consent) but not override.
  for (const [k, v] of Object.entries(p.extraParams ?? {})) params.set(k, v);
  params.set("response_type", "code");
  params.set("client_id", p.clientId);
  params.set("redirect_uri", p.redirectUri);
  if (p.scopes?.length) params.set("scope", p.scopes.join(p.scopeSeparator ?? " "));
  params.set("state", p.state);
  if (p.codeChallenge) {
    params.set("code_challenge", p.codeChallenge);
    params.set("code_challenge_method", "S256");
  }
  return url.href;
}

// ---------------------------------------------------------------------------------------------
// Tokens

export interface TokenSet {
  accessToken: string;
  tokenType: string;
  refreshToken?: string;
  /** Epoch ms; null when the provider gave no expiry (treated as not expiring). */
  expiresAt: number | null;
  scope?: string[];
  idToken?: string;
  obtainedAt: number;
}

/**
 * Parse a token endpoint response. A refresh response without a refresh_token keeps the previous
 * one (RFC 6749 §6: the server MAY rotate it); an error body becomes an OAuthError.
 */
export function parseTokenResponse(body: unknown, now: number, previous?: Pick<TokenSet, "refreshToken">, status?: number): TokenSet {
  if (!body || typeof body !== "object") throw new OAuthError("invalid_response", "The token endpoint did not return JSON.", status);
  const b = body as Record<string, unknown>;
  if (typeof b.error === "string") {
    const desc = typeof b.error_description === "string" ? `: ${b.error_description}` : "";
    throw new OAuthError(b.error, `The provider refused the token request (${b.error}${desc}).`, status);
  }
  if (typeof b.access_token !== "string" || !b.access_token) {
    throw new OAuthError("invalid_response", "The token response has no access_token.", status);
  }
  const expiresIn = typeof b.expires_in === "number" ? b.expires_in : typeof b.expires_in === "string" ? Number(b.expires_in) : NaN;
  const type = typeof b.token_type === "string" ? b.token_type : "Bearer";
  return {
    accessToken: b.access_token,
    tokenType: type.toLowerCase() === "bearer" ? "Bearer" : type,
    refreshToken: typeof b.refresh_token === "string" && b.refresh_token ? b.refresh_token : previous?.refreshToken,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : null,
    scope: typeof b.scope === "string" ? b.scope.split(/[ ,]+/).filter(Boolean) : undefined,
    idToken: typeof b.id_token === "string" ? b.id_token : undefined,
    obtainedAt: now,
  };
}

export function needsRefresh(t: Pick<TokenSet, "expiresAt">, now: number, skewMs = REFRESH_SKEW_MS): boolean {
  return t.expiresAt !== null && t.expiresAt - now < skewMs;
}

export function authorizationHeader(t: Pick<TokenSet, "accessToken" | "tokenType">): Record<string, string> {
  return { Authorization: `${t.tokenType} ${t.accessToken}` };
}

export interface ClientConfig {
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  /** client_secret_basic (default, RFC 6749 §2.3.1) or client_secret_post. */
  clientAuth?: "basic" | "body";
}

export type Grant =
  | { grant: "authorization_code"; code: string; redirectUri: string; codeVerifier?: string }
  | { grant: "refresh_token"; refreshToken: string; scopes?: readonly string[] }
  | { grant: "client_credentials"; scopes?: readonly string[] };

/** The form body and headers of a token request (pure, for tests and for logging shape). */
export function tokenRequest(client: ClientConfig, g: Grant): { body: URLSearchParams; headers: Record<string, string> } {
  const body = new URLSearchParams({ grant_type: g.grant });
  if (g.grant === "authorization_code") {
    body.set("code", g.code);
    body.set("redirect_uri", g.redirectUri);
    if (g.codeVerifier) body.set("code_verifier", g.codeVerifier);
  } else if (g.grant === "refresh_token") body.set("refresh_token", g.refreshToken);
  if (g.grant !== "authorization_code" && g.scopes?.length) body.set("scope", g.scopes.join(" "));
  const headers: Record<string, string> = { accept: "application/json" };
  if (client.clientSecret && (client.clientAuth ?? "basic") === "basic") {
    // RFC 6749 §2.3.1: form-encode both parts before base64.
    const enc = (s: string) => encodeURIComponent(s).replace(/%20/g, "+");
    headers.authorization = `Basic ${Buffer.from(`${enc(client.clientId)}:${enc(client.clientSecret)}`).toString("base64")}`;
  } else {
    body.set("client_id", client.clientId);
    if (client.clientSecret) body.set("client_secret", client.clientSecret);
  }
  return { body, headers };
}

export interface TokenCallOptions {
  allowList?: AllowListInput;
  resolve?: Resolver;
  timeoutMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

/** Call the token endpoint. JSON is asked for; a form-encoded answer (GitHub-style) is accepted. */
export async function requestToken(client: ClientConfig, g: Grant, opts: TokenCallOptions = {}, previous?: Pick<TokenSet, "refreshToken">): Promise<TokenSet> {
  const { body, headers } = tokenRequest(client, g);
  const res = await outboundRequest({
    method: "POST",
    url: client.tokenUrl,
    headers,
    body,
    allowList: opts.allowList,
    resolve: opts.resolve,
    timeoutMs: opts.timeoutMs ?? 30_000,
    maxResponseBytes: 256 * 1024,
    maxRedirects: 0,
    responseType: "text",
    signal: opts.signal,
  });
  const text = String(res.body);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = /=/.test(text) ? Object.fromEntries(new URLSearchParams(text)) : undefined;
  }
  return parseTokenResponse(parsed, (opts.now ?? Date.now)(), previous, res.status);
}
