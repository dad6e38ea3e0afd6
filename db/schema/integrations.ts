// The integration layer's tables: credentials (secrets encrypted, see server/integrations/vault.ts),
// token buckets shared by every worker (rate limits), circuit breaker state per workspace and
// host, OAuth2 refresh leases and pending authorization-code flows, and the attempt budget of
// HTTP steps that were parked between attempts.
import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

import { createdAt, uuidPrimaryKey, workspaceRef } from "./columns";

export const credentialTypeEnum = pgEnum("credential_type", ["api_key", "bearer", "basic", "hmac", "smtp", "oauth2"]);
export const credentialStatusEnum = pgEnum("credential_status", ["ok", "needs_reconnect"]);
export type CredentialType = (typeof credentialTypeEnum.enumValues)[number];
export type CredentialStatus = (typeof credentialStatusEnum.enumValues)[number];

export const credentials = pgTable(
  "credentials",
  {
    id: uuidPrimaryKey(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    type: credentialTypeEnum("type").notNull(),
    /** `sy1.<keyVersion>.<iv>.<ciphertext+tag>`: the secret fields as JSON, AAD = workspace|credential|version. */
    secret: text("secret").notNull(),
    /** Copy of the envelope's key version, so rotation can find what is left without parsing. */
    keyVersion: text("key_version").notNull(),
    /** Non-secret settings (header name, user name, SMTP host, OAuth2 URLs and client id…). */
    settings: jsonb("settings").$type<Record<string, unknown>>().notNull().default({}),
    status: credentialStatusEnum("status").notNull().default("ok"),
    statusReason: text("status_reason"),
    /** The workspace's default for its type (used by Send e-mail without an explicit credential). */
    isDefault: boolean("is_default").notNull().default(false),
    lastTestedAt: timestamp("last_tested_at", { withTimezone: true }),
    lastTestOk: boolean("last_test_ok"),
    lastTestMessage: text("last_test_message"),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("credentials_workspace_name_uq").on(t.workspaceId, sql`lower(${t.name})`),
    uniqueIndex("credentials_default_per_type_uq").on(t.workspaceId, t.type).where(sql`${t.isDefault}`),
    index("credentials_key_version_idx").on(t.keyVersion),
  ],
);

/** Token buckets (server/integrations/rate-limiter.ts PG_TAKE_TOKEN_SQL); keys like `host:api.example.com`. UNLOGGED (edited into migration 0005). */
export const rateLimitBuckets = pgTable("rate_limit_bucket", {
  key: text("key").primaryKey(),
  tokens: doublePrecision("tokens").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  blockedUntil: timestamp("blocked_until", { withTimezone: true }),
  /** Only there so RETURNING can tell which branch of the upsert ran. */
  granted: boolean("granted").notNull(),
});

/** Last known breaker state per (workspace, host): what the UI shows and what workers hydrate from. */
export const circuitBreakers = pgTable(
  "circuit_breakers",
  {
    workspaceId: workspaceRef(),
    host: text("host").notNull(),
    state: text("state").notNull(),
    /** server/integrations/circuit-breaker.ts BreakerSnapshot. */
    snapshot: jsonb("snapshot").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.host] })],
);

/** Cross-process single flight for OAuth2 refresh: a short lease, never held across the IdP call. */
export const credentialRefreshLeases = pgTable("credential_refresh_lease", {
  credentialId: uuid("credential_id")
    .primaryKey()
    .references(() => credentials.id, { onDelete: "cascade" }),
  holder: text("holder").notNull(),
  until: timestamp("until", { withTimezone: true }).notNull(),
});

/** An authorization-code flow in progress: the state is the key, the PKCE verifier is encrypted. */
export const oauthAuthorizations = pgTable(
  "oauth_authorizations",
  {
    /** SHA-256 of the `state` sent to the provider (the state itself is never stored). */
    stateHash: text("state_hash").primaryKey(),
    workspaceId: workspaceRef(),
    credentialId: uuid("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    /** Vault envelope of the PKCE code verifier. */
    verifier: text("verifier").notNull(),
    redirectUri: text("redirect_uri").notNull(),
    userId: text("user_id").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("oauth_authorizations_expires_idx").on(t.expiresAt)],
);

/** Attempts an HTTP step has spent before it was parked (long Retry-After), so a wake-up does not reset the budget. */
export const outboundStepAttempts = pgTable("outbound_step_attempts", {
  /** The step's idempotency key `{executionId}:{nodeId}:{scope}`. */
  stepKey: text("step_key").primaryKey(),
  attempts: integer("attempts").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
