import { dataDir } from "@/db/client";
import { ensureKeyFile, parseKeyRing, VaultError, type KeyRing } from "@/server/integrations/vault";

/**
 * The process's credential key ring. `SWITCHYARD_ENCRYPTION_KEY` always wins. Without it, the
 * embedded set-up (no DATABASE_URL) generates a key into the data folder on first start; with a
 * shared Postgres the key is required, because every process and machine that shares the
 * database must decrypt with the same key, and a key generated into one machine's folder would
 * make credentials unreadable everywhere else.
 */
export function loadAppKeyRing(env: Record<string, string | undefined> = process.env, folder: string = dataDir()): KeyRing {
  const fromEnv = env.SWITCHYARD_ENCRYPTION_KEY?.trim();
  if (fromEnv) return parseKeyRing(fromEnv);
  if (env.DATABASE_URL?.trim()) {
    throw new VaultError(
      "KEY_MISSING",
      "SWITCHYARD_ENCRYPTION_KEY must be set when DATABASE_URL is set: every Switchyard process that shares the database needs the same key to read credentials. Generate one with `openssl rand -base64 32` and set it for the web server and every worker.",
    );
  }
  return parseKeyRing(ensureKeyFile(folder));
}

const g = globalThis as unknown as { __switchyardKeyRing?: KeyRing };

/** Loaded once per process (route handlers and instrumentation are bundled apart: keep it on globalThis). */
export function appKeyRing(): KeyRing {
  return (g.__switchyardKeyRing ??= loadAppKeyRing());
}

/** Start-up check: throws the clear message above instead of failing at the first credential use. */
export function assertEncryptionKeyConfigured(): void {
  appKeyRing();
}

/** Tests and the rotate-key script swap keys within one process. */
export function resetAppKeyRing(ring?: KeyRing): void {
  g.__switchyardKeyRing = ring;
}
