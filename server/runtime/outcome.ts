import type { SerializedError } from "@/server/engine/errors";
import type { LogEntry } from "@/server/nodes/executor";

/** What running a step produced; committed by commit.ts. */
export type StepOutcome =
  | { kind: "succeeded"; output: unknown; handle?: string; logs: LogEntry[] }
  | { kind: "failed"; error: SerializedError; logs: LogEntry[] }
  | { kind: "wait"; untilMs?: number; delayMs?: number; logs: LogEntry[] }
  | { kind: "call"; workflowId: string; input: unknown; wait: boolean; logs: LogEntry[] };
