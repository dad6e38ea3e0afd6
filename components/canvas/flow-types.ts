// The canvas's view of the workflow: React Flow nodes whose `data` is the domain node minus its
// id and position (which React Flow owns). Mapping happens only in graph-mapping.ts.
import type { Edge, Node } from "@xyflow/react";
import type { GraphNode } from "@/server/engine/graph";

export type StepData = Omit<GraphNode, "id" | "position">;
export type StepNode = Node<StepData, "step">;
export type StepEdge = Edge<Record<string, never>>;

/** Step statuses as the engine stores them (step_runs.status), plus "notrun" for steps a finished run never reached. */
export type StepRunStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "skipped" | "canceled" | "notrun";
