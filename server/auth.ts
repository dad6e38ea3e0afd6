import "server-only";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { accounts, sessions, users, verifications } from "@/db/schema";
import { getAppDb } from "./app-db";
import { secretFromEnvOrDataDir } from "./secrets";

export const MIN_PASSWORD_LENGTH = 10;

function appOrigins(): string[] {
  const port = process.env.PORT ?? "3000";
  const configured = process.env.SWITCHYARD_URL?.replace(/\/$/, "");
  return [configured, `http://localhost:${port}`, `http://127.0.0.1:${port}`].filter((o): o is string => Boolean(o));
}

async function buildAuth() {
  const { db } = await getAppDb();
  return betterAuth({
    appName: "Switchyard",
    baseURL: appOrigins()[0],
    trustedOrigins: appOrigins(),
    secret: secretFromEnvOrDataDir("BETTER_AUTH_SECRET", "auth-secret"),
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: MIN_PASSWORD_LENGTH, maxPasswordLength: 128, autoSignIn: true },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    advanced: { database: { generateId: () => crypto.randomUUID() } },
    telemetry: { enabled: false },
    // On by default (brute-force protection); the end-to-end suite signs up many users from one address.
    rateLimit: { enabled: process.env.SWITCHYARD_AUTH_RATE_LIMIT !== "off" },
  });
}

export type Auth = Awaited<ReturnType<typeof buildAuth>>;
const g = globalThis as unknown as { __switchyardAuth?: Promise<Auth> };

export function getAuth(): Promise<Auth> {
  g.__switchyardAuth ??= buildAuth();
  return g.__switchyardAuth;
}

/** The signed-in user of a request, or null. */
export async function getSessionUser(headers: Headers) {
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers });
  return session?.user ?? null;
}
