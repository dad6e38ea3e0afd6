// What each credential type stores: the non-secret settings an admin may see and edit, and the
// secret fields that are encrypted and never leave the server. One zod schema pair per type.
import { z } from "zod";
import type { CredentialType } from "@/db/schema";
import type { TokenSet } from "@/server/integrations/oauth2";
import { basicAuthSecrets } from "@/server/integrations/redact";
import { ValidationError } from "./errors";

export const CREDENTIAL_TYPES = ["api_key", "bearer", "basic", "hmac", "smtp", "oauth2"] as const satisfies readonly CredentialType[];

// Shorter values are not redacted from logs (redact.ts MIN_SECRET_LENGTH), so they are refused here.
const secretText = z.string().min(4, "Use at least 4 characters.").max(10_000);
const headerName = z.string().trim().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, "Not a valid header name.");
const httpUrl = z
  .string()
  .trim()
  .url("Enter a full URL, e.g. https://example.com/oauth/token")
  .refine((u) => /^https?:\/\//i.test(u), "Only http and https URLs are allowed.");

/** Optional: a URL that "Test connection" calls with the credential (GET, expecting 2xx). */
const testUrl = z.union([httpUrl, z.literal("")]).default("");

export const settingsSchemas = {
  api_key: z.object({
    placement: z.enum(["header", "query"]).default("header"),
    name: headerName.default("X-API-Key"),
    testUrl,
  }),
  bearer: z.object({ testUrl }),
  basic: z.object({ username: z.string().trim().min(1, "Enter the user name.").max(500), testUrl }),
  hmac: z.object({
    algorithm: z.enum(["sha256", "sha512", "sha1"]).default("sha256"),
    header: headerName.default("X-Signature-256"),
    prefix: z.string().max(50).default("sha256="),
  }),
  smtp: z.object({
    host: z.string().trim().min(1, "Enter the SMTP server.").max(255),
    port: z.coerce.number().int().min(1).max(65535).default(587),
    secure: z.boolean().default(false),
    username: z.string().trim().max(500).default(""),
    fromAddress: z.string().trim().max(500).default(""),
  }),
  oauth2: z.object({
    grant: z.enum(["authorization_code", "client_credentials"]).default("authorization_code"),
    authorizationUrl: z.union([httpUrl, z.literal("")]).default(""),
    tokenUrl: httpUrl,
    clientId: z.string().trim().min(1, "Enter the client id.").max(500),
    scopes: z.string().trim().max(2000).default(""),
    clientAuth: z.enum(["basic", "body"]).default("basic"),
  }),
} as const;

export const secretSchemas = {
  api_key: z.object({ apiKey: secretText }),
  bearer: z.object({ token: secretText }),
  basic: z.object({ password: secretText }),
  hmac: z.object({ secret: secretText }),
  smtp: z.object({ password: secretText.optional() }),
  oauth2: z.object({ clientSecret: secretText.optional() }),
} as const;

export type CredentialSettings<T extends CredentialType = CredentialType> = z.output<(typeof settingsSchemas)[T]>;
export type SecretInput<T extends CredentialType = CredentialType> = z.output<(typeof secretSchemas)[T]>;

/** The decrypted secret as stored: the type's fields, and for OAuth2 the current token set. */
export type StoredSecret = Record<string, string | undefined> & { tokens?: TokenSet };

/** Names of the secret fields per type, for the masked view. */
export const SECRET_FIELDS: Record<CredentialType, readonly string[]> = {
  api_key: ["apiKey"],
  bearer: ["token"],
  basic: ["password"],
  hmac: ["secret"],
  smtp: ["password"],
  oauth2: ["clientSecret"],
};

/** zod issues → a ValidationError whose field paths match the form ("settings.host"); never echoes values. */
function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, prefix: "settings" | "secret"): T {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ path: [prefix, ...i.path.map(String)].join("."), message: i.message }));
  throw new ValidationError(issues[0]!.message, issues);
}

export function parseSettings(type: CredentialType, value: unknown): CredentialSettings {
  const s = parseOrThrow(settingsSchemas[type] as z.ZodType<CredentialSettings>, value, "settings");
  if (type === "oauth2") {
    const o = s as CredentialSettings<"oauth2">;
    if (o.grant === "authorization_code" && !o.authorizationUrl) {
      const message = "Enter the provider's authorization URL.";
      throw new ValidationError(message, [{ path: "settings.authorizationUrl", message }]);
    }
  }
  return s;
}

export function parseSecret(type: CredentialType, value: unknown): StoredSecret {
  return parseOrThrow(secretSchemas[type] as z.ZodType<StoredSecret>, value, "secret");
}

/**
 * Every value that must be redacted from logs when this credential is used: the secret fields,
 * OAuth2 tokens, and the wire forms that differ from the raw value (Basic auth's user:pass).
 */
export function secretValues(type: CredentialType, settings: Record<string, unknown>, secret: StoredSecret): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(secret)) if (k !== "tokens" && typeof v === "string") out.push(v);
  if (secret.tokens) out.push(...[secret.tokens.accessToken, secret.tokens.refreshToken, secret.tokens.idToken].filter((x): x is string => !!x));
  if ((type === "basic" || type === "smtp") && typeof settings.username === "string" && secret.password) {
    out.push(...basicAuthSecrets(settings.username, secret.password));
  }
  return out;
}

/** What the browser may learn about the secret: which fields are set, never their values. */
export interface MaskedSecret {
  fields: { name: string; set: boolean; masked: string }[];
  /** OAuth2 only: whether tokens are stored and until when the access token is valid. */
  oauth?: { connected: boolean; expiresAt: number | null; scope: string[] | null; hasRefreshToken: boolean };
}

export const MASK = "••••••••";

export function maskSecret(type: CredentialType, secret: StoredSecret): MaskedSecret {
  const fields = SECRET_FIELDS[type].map((name) => ({ name, set: typeof secret[name] === "string" && secret[name] !== "", masked: secret[name] ? MASK : "" }));
  if (type !== "oauth2") return { fields };
  const t = secret.tokens;
  return {
    fields,
    oauth: { connected: !!t, expiresAt: t?.expiresAt ?? null, scope: t?.scope ?? null, hasRefreshToken: !!t?.refreshToken },
  };
}
