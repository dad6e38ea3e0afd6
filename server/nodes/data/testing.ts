// A NodeRunContext for calling data executors directly in tests and the benchmark.
import { randomUUID } from "node:crypto";
import type { NodeExecutor, NodeRunContext } from "../executor";

export function runNode<C>(exec: NodeExecutor, workspaceId: string, config: C, input: unknown, executionId = randomUUID()) {
  const parsed = exec.definition.config.parse(config);
  const logs: { level: string; message: string }[] = [];
  const ctx: NodeRunContext = {
    config: parsed,
    input,
    inputs: [],
    node: { id: "n1", name: exec.definition.label, type: exec.definition.type },
    execution: { id: executionId, workflowId: randomUUID(), workspaceId, mode: "test", depth: 0 },
    trigger: null,
    item: null,
    itemIndex: undefined,
    scope: "",
    attempt: 1,
    signal: new AbortController().signal,
    idempotencyKey: `${executionId}:n1:`,
    evaluate: async () => undefined,
    expressionContext: async () => ({ trigger: null, steps: {}, item: null, vars: {} }),
    log: (level, message) => void logs.push({ level, message }),
    now: Date.now(),
  };
  return exec.run(ctx as never).then((r) => ({ ...(r as { output: unknown; handle?: string }), logs }));
}
