// The form of each credential type: which settings (visible to admins) and which secret fields
// (write-only, shown masked afterwards). Mirrors server/services/credentials-types.ts, whose zod
// schemas are the ones that validate; this file only decides labels and inputs.
import type { CredentialType } from "@/db/schema";

export interface FieldDef {
  key: string;
  label: string;
  kind: "text" | "number" | "select" | "switch" | "url";
  options?: { value: string; label: string }[];
  placeholder?: string;
  help?: string;
  defaultValue?: string | number | boolean;
  /** Show only when another setting has one of these values. */
  showWhen?: { key: string; values: string[] };
}

export interface TypeDef {
  type: CredentialType;
  label: string;
  description: string;
  settings: FieldDef[];
  secrets: FieldDef[];
}

const testUrl: FieldDef = { key: "testUrl", label: "Test URL (optional)", kind: "url", placeholder: "https://api.example.com/v1/me", help: "Test connection calls it with a GET and expects a 2xx answer." };

export const CREDENTIAL_TYPES: TypeDef[] = [
  {
    type: "api_key",
    label: "API key",
    description: "A key sent in a header or as a query parameter.",
    settings: [
      { key: "placement", label: "Send it as", kind: "select", options: [{ value: "header", label: "Header" }, { value: "query", label: "Query parameter" }], defaultValue: "header" },
      { key: "name", label: "Header or parameter name", kind: "text", defaultValue: "X-API-Key" },
      testUrl,
    ],
    secrets: [{ key: "apiKey", label: "API key", kind: "text" }],
  },
  { type: "bearer", label: "Bearer token", description: "Sent as Authorization: Bearer <token>.", settings: [testUrl], secrets: [{ key: "token", label: "Token", kind: "text" }] },
  {
    type: "basic",
    label: "Basic auth",
    description: "User name and password (Authorization: Basic).",
    settings: [{ key: "username", label: "User name", kind: "text" }, testUrl],
    secrets: [{ key: "password", label: "Password", kind: "text" }],
  },
  {
    type: "hmac",
    label: "HMAC secret",
    description: "Signs request bodies, or Standard Webhooks notifications (use a whsec_… secret).",
    settings: [
      { key: "algorithm", label: "Algorithm", kind: "select", options: ["sha256", "sha512", "sha1"].map((v) => ({ value: v, label: v.toUpperCase() })), defaultValue: "sha256" },
      { key: "header", label: "Signature header", kind: "text", defaultValue: "X-Signature-256" },
      { key: "prefix", label: "Signature prefix", kind: "text", defaultValue: "sha256=" },
    ],
    secrets: [{ key: "secret", label: "Secret", kind: "text" }],
  },
  {
    type: "smtp",
    label: "SMTP (e-mail)",
    description: "An outgoing mail server for the Send e-mail node.",
    settings: [
      { key: "host", label: "SMTP server", kind: "text", placeholder: "smtp.example.com" },
      { key: "port", label: "Port", kind: "number", defaultValue: 587 },
      { key: "secure", label: "TLS from the start (port 465)", kind: "switch", defaultValue: false },
      { key: "username", label: "User name", kind: "text" },
      { key: "fromAddress", label: "Default From address", kind: "text", placeholder: "Acme <office@acme.example>" },
    ],
    secrets: [{ key: "password", label: "Password", kind: "text" }],
  },
  {
    type: "oauth2",
    label: "OAuth2",
    description: "Sign in at the provider (authorization code with PKCE), or client credentials.",
    settings: [
      { key: "grant", label: "Grant", kind: "select", options: [{ value: "authorization_code", label: "Authorization code (a person signs in)" }, { value: "client_credentials", label: "Client credentials (machine to machine)" }], defaultValue: "authorization_code" },
      { key: "authorizationUrl", label: "Authorization URL", kind: "url", showWhen: { key: "grant", values: ["authorization_code"] } },
      { key: "tokenUrl", label: "Token URL", kind: "url" },
      { key: "clientId", label: "Client id", kind: "text" },
      { key: "scopes", label: "Scopes", kind: "text", placeholder: "openid email offline_access", help: "Separated by spaces." },
      { key: "clientAuth", label: "Client authentication", kind: "select", options: [{ value: "basic", label: "HTTP Basic (default)" }, { value: "body", label: "In the request body" }], defaultValue: "basic" },
    ],
    secrets: [{ key: "clientSecret", label: "Client secret", kind: "text" }],
  },
];

export const typeDef = (t: CredentialType): TypeDef => CREDENTIAL_TYPES.find((d) => d.type === t)!;

export function initialSettings(t: CredentialType): Record<string, unknown> {
  return Object.fromEntries(typeDef(t).settings.map((f) => [f.key, f.defaultValue ?? ""]));
}

export function visible(f: FieldDef, values: Record<string, unknown>): boolean {
  return !f.showWhen || f.showWhen.values.includes(String(values[f.showWhen.key] ?? ""));
}
