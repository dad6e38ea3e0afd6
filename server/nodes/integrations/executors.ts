// The integration nodes' executors, bound to a database: HTTP Request, Send e-mail and
// Notification. Register them with the engine's registry:
//   createRegistry([...createIntegrationExecutors(db)])
// and their declarations (catalog/http-request.ts, send-email.ts, notify.ts) in the catalogue.
import type { Db } from "@/db/client";
import type { NodeExecutor } from "../executor";
import { createHttpRequestExecutor } from "./http-request";
import { createNotifyExecutor } from "./notify";
import { createSendEmailExecutor } from "./send-email";
import { resolveDeps, type IntegrationDeps } from "./shared";

export type { IntegrationDeps } from "./shared";

export function createIntegrationExecutors(db: Db, deps: IntegrationDeps = {}): NodeExecutor[] {
  const resolved = resolveDeps(db, deps);
  return [createHttpRequestExecutor(db, resolved), createSendEmailExecutor(db, resolved), createNotifyExecutor(db, resolved)] as unknown as NodeExecutor[];
}
