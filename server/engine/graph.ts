// The stored workflow document. This is our domain type, not React Flow's: the canvas maps
// between the two at its edge. Key order in the schema is the export order (stable diffs).
import { z } from "zod";

export const GRAPH_SCHEMA_VERSION = 1;

/** Node ids appear inside scope keys ("loopId:3/innerId:0"), so they avoid ":" and "/". */
export const nodeIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, '-' and '_' only");

export const retryOverrideSchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(20).optional(),
    initialDelayMs: z.number().int().min(0).max(3_600_000).optional(),
    factor: z.number().min(1).max(10).optional(),
    maxDelayMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .strict();

export const graphNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string().min(1).max(100),
  name: z.string().min(1).max(200),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  config: z.record(z.string(), z.unknown()).default({}),
  notes: z.string().max(10_000).default(""),
  retry: retryOverrideSchema.optional(),
  timeoutMs: z.number().int().positive().max(3_600_000).optional(),
  /** "fail" (default): an unhandled error fails the run. "continue": pass `{ error }` on instead. */
  onError: z.enum(["fail", "continue"]).optional(),
});

export const graphEdgeSchema = z.object({
  id: z.string().min(1).max(100),
  source: z.string().min(1),
  sourceHandle: z.string().min(1).default("main"),
  target: z.string().min(1),
});

export const graphSettingsSchema = z
  .object({
    /** Workflow (same workspace) whose Error trigger runs when this one fails. */
    errorWorkflowId: z.uuid().optional(),
    /** Execution timeout; default 1 h. */
    timeoutMs: z.number().int().positive().max(7 * 24 * 3_600_000).optional(),
    /** Concurrently running executions of this workflow; the rest wait as `queued`. */
    concurrency: z.number().int().min(1).max(1000).optional(),
  })
  .default({});

export const workflowGraphSchema = z.object({
  schemaVersion: z.literal(GRAPH_SCHEMA_VERSION),
  nodes: z.array(graphNodeSchema).max(1000),
  edges: z.array(graphEdgeSchema).max(5000),
  settings: graphSettingsSchema,
});

export type WorkflowGraph = z.output<typeof workflowGraphSchema>;
export type GraphNode = z.output<typeof graphNodeSchema>;
export type GraphEdge = z.output<typeof graphEdgeSchema>;
export type GraphSettings = z.output<typeof graphSettingsSchema>;
export type WorkflowGraphInput = z.input<typeof workflowGraphSchema>;

export const DEFAULT_EXECUTION_TIMEOUT_MS = 3_600_000;
export const DEFAULT_WORKFLOW_CONCURRENCY = 10;

/** An empty draft: what a new workflow starts with. */
export function emptyGraph(): WorkflowGraph {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes: [], edges: [], settings: {} };
}
