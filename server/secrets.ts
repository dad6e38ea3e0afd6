import "server-only";
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { dataDir } from "@/db/client";

/**
 * A secret from the environment, or, when unset, one generated once into the data folder
 * (mode 0600) so the embedded set-up needs no configuration and survives restarts.
 */
export function secretFromEnvOrDataDir(envName: string, fileName: string, bytes = 32): string {
  const fromEnv = process.env[envName]?.trim();
  if (fromEnv) return fromEnv;
  const dir = dataDir();
  const file = path.join(dir, fileName);
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    const value = randomBytes(bytes).toString("base64url");
    try {
      fs.writeFileSync(file, value, { mode: 0o600, flag: "wx" });
      return value;
    } catch {
      // Another process wrote it first: use theirs.
      return fs.readFileSync(file, "utf8").trim();
    }
  }
}
