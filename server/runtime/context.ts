import type { Db } from "@/db/client";
import type { NodeRegistry } from "@/server/nodes/registry";
import type { RuntimeOptions } from "./options";
import type { ProgressBus } from "./progress";

/** Everything the runtime's functions share. */
export interface RuntimeContext {
  db: Db;
  registry: NodeRegistry;
  options: RuntimeOptions;
  bus: ProgressBus;
  /** This worker's lease owner id. */
  owner: string;
}
