// Test helpers: run an integration executor directly with a NodeRunContext, capturing its logs.
import { randomUUID } from "node:crypto";
import type { NodeExecutor, NodeRunContext, NodeResult, LogEntry } from "../executor";

export interface RunOptions {
  executionId?: string;
  nodeId?: string;
  input?: unknown;
  signal?: AbortSignal;
}

export async function runExecutor(exec: NodeExecutor, workspaceId: string, config: unknown, opts: RunOptions = {}): Promise<NodeResult & { logs: LogEntry[] }> {
  const executionId = opts.executionId ?? randomUUID();
  const nodeId = opts.nodeId ?? "n1";
  const logs: LogEntry[] = [];
  const ctx: NodeRunContext = {
    config: exec.definition.config.parse(config),
    input: opts.input ?? null,
    inputs: [],
    node: { id: nodeId, name: exec.definition.label, type: exec.definition.type },
    execution: { id: executionId, workflowId: randomUUID(), workspaceId, mode: "test", depth: 0 },
    trigger: null,
    item: null,
    itemIndex: undefined,
    scope: "",
    attempt: 1,
    signal: opts.signal ?? new AbortController().signal,
    idempotencyKey: `${executionId}:${nodeId}:`,
    evaluate: async () => undefined,
    expressionContext: async () => ({ trigger: null, steps: {}, item: null, vars: {} }),
    log: (level, message, data) => void logs.push({ level, message, data }),
    now: Date.now(),
  };
  const result = await exec.run(ctx as never);
  return { ...result, logs };
}

export function executorOf(list: readonly NodeExecutor[], type: string): NodeExecutor {
  const e = list.find((x) => x.definition.type === type);
  if (!e) throw new Error(`no executor ${type}`);
  return e;
}
