import type { WorkflowGraphInput } from "@/server/engine/graph";

const node = (id: string, type: string, config: Record<string, unknown> = {}) => ({ id, type, name: id, position: { x: 0, y: 0 }, config });
let n = 0;
const edge = (source: string, target: string) => ({ id: `e${++n}`, source, target, sourceHandle: "main" });
const settings = { concurrency: 1000 };

/** Trigger + 9 side-effecting steps in a line: every step is its own durable commit. */
export function linear10(type = "test.dbEffect"): WorkflowGraphInput {
  const ids = Array.from({ length: 9 }, (_, i) => `s${i}`);
  return {
    schemaVersion: 1,
    nodes: [node("t", "trigger.manual"), ...ids.map((id) => node(id, type))],
    edges: [edge("t", "s0"), ...ids.slice(1).map((id, i) => edge(ids[i]!, id))],
    settings,
  };
}

/** Trigger → a → 7 parallel steps → join: fan-out and a 7-way join. */
export function fanout10(type = "test.dbEffect"): WorkflowGraphInput {
  const mids = Array.from({ length: 7 }, (_, i) => `b${i}`);
  return {
    schemaVersion: 1,
    nodes: [node("t", "trigger.manual"), node("a", type), ...mids.map((id) => node(id, type)), node("j", type)],
    edges: [edge("t", "a"), ...mids.map((id) => edge("a", id)), ...mids.map((id) => edge(id, "j"))],
    settings,
  };
}
