// A webhook intake process for the crash test: DATABASE_URL, SWITCHYARD_FAULT=exit-after-inbox-commit.
import "server-only";
import { createDb } from "@/db/client";
import { createRegistry } from "@/server/nodes/registry";
import { respondWebhookRun } from "@/server/nodes/run/respond-webhook";
import type { NodeExecutor } from "@/server/nodes/executor";
import { startWebhookServer } from "./webhook-server";

async function main() {
  const handle = await createDb({ url: process.env.DATABASE_URL! });
  const crash = process.env.SWITCHYARD_FAULT === "exit-after-inbox-commit";
  const server = await startWebhookServer(handle.db, {
    catalog: createRegistry([respondWebhookRun as unknown as NodeExecutor]),
    afterInboxCommit: crash ? () => process.exit(137) : undefined,
  });
  console.log(`listening ${server.url}`);
}

void main();
