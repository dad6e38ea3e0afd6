// A minimal catalogue for engine tests: the engine only needs kinds, handles and retry defaults.
import { z } from "zod";
import type { NodeCatalogLookup, NodeSpec } from "../node-spec";
import type { WorkflowGraph } from "../graph";
import { indexGraph, type GraphIndex } from "../topology";

const anyConfig = z.record(z.string(), z.unknown());
const spec = (s: Partial<NodeSpec> & Pick<NodeSpec, "type" | "kind">): NodeSpec => ({
  config: anyConfig,
  outputs: () => ["main"],
  canFail: true,
  sideEffect: false,
  ...s,
});

export const testSpecs: NodeSpec[] = [
  spec({ type: "t.trigger", kind: "trigger", canFail: false, triggerKind: "manual" }),
  spec({ type: "t.trigger2", kind: "trigger", canFail: false, triggerKind: "error" }),
  spec({ type: "t.task", kind: "action" }),
  spec({ type: "t.pure", kind: "action", canFail: false }),
  spec({ type: "t.if", kind: "action", outputs: () => ["true", "false"] }),
  spec({ type: "t.retry", kind: "action", retry: { maxAttempts: 3, initialDelayMs: 1000, factor: 2, maxDelayMs: 60_000 } }),
  spec({ type: "t.loop", kind: "loop", outputs: () => ["item", "done"] }),
  spec({ type: "t.note", kind: "note", canFail: false, outputs: () => [] }),
  spec({
    type: "t.strict",
    kind: "action",
    config: z.object({ url: z.string().url(), count: z.number().int().min(1), msg: z.string().meta({ template: true }).optional() }),
  }),
];

export const testCatalog: NodeCatalogLookup = {
  get: (type) => testSpecs.find((s) => s.type === type),
};

type NodeShort = [id: string, type: string, config?: Record<string, unknown>, extra?: Partial<WorkflowGraph["nodes"][number]>];
type EdgeShort = [source: string, target: string, handle?: string];

/** Builds a graph from short tuples: nodes [id, type, config?], edges [source, target, handle?]. */
export function g(nodes: NodeShort[], edges: EdgeShort[]): WorkflowGraph {
  return {
    schemaVersion: 1,
    nodes: nodes.map(([id, type, config, extra]) => ({ id, type, name: id, position: { x: 0, y: 0 }, config: config ?? {}, notes: "", ...extra })),
    edges: edges.map(([source, target, handle], i) => ({ id: `e${i}`, source, target, sourceHandle: handle ?? "main" })),
    settings: {},
  };
}

export function ix(graph: WorkflowGraph): GraphIndex {
  return indexGraph(graph, testCatalog);
}
