// Re-encrypt every credential under the newest key of SWITCHYARD_ENCRYPTION_KEY.
//   1. Append a key: SWITCHYARD_ENCRYPTION_KEY="v1:<old>,v2:$(openssl rand -base64 32)"
//   2. npx tsx scripts/rotate-key.ts   (with the same DATABASE_URL / SWITCHYARD_DATA_DIR as the app)
//   3. Restart the app and workers with the new value; once this script reports that only the
//      new version is in use, drop the old key from the variable.
// In embedded mode without the variable, the key in <data folder>/encryption.key is used.
import { appDbOptions, createDb } from "../db/client";
import { migrateDb } from "../db/migrate";
import { loadAppKeyRing } from "../server/services/credentials-keys";
import { keyVersionsInUse, rotateCredentialKeys } from "../server/services/credentials-rotate";

async function main() {
  const ring = loadAppKeyRing();
  const handle = await createDb(appDbOptions());
  try {
    await migrateDb(handle);
    const report = await rotateCredentialKeys(handle.db, ring);
    console.log(`Current key: ${report.current}. Re-encrypted ${report.reencrypted} credential(s) and ${report.pendingFlows} sign-in flow(s) in progress.`);
    for (const f of report.failed) console.error(`Could not re-encrypt "${f.name}" (${f.id}): ${f.error}`);
    const versions = await keyVersionsInUse(handle.db);
    console.log(versions.length ? `Key versions in use: ${versions.join(", ")}.` : "No credentials stored.");
    if (report.failed.length) process.exitCode = 1;
    else if (versions.length && versions.every((v) => v === ring.current)) console.log("Older keys can now be removed from SWITCHYARD_ENCRYPTION_KEY.");
  } finally {
    await handle.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
