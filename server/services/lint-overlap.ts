// Overlapping triggers: two workflows of a workspace listening to the same source (the "Source
// name" of a Webhook or Form trigger) usually means a double automation — every event would be
// handled twice. Pure and client-safe: the other workflows' sources come in with the settings.
import type { WorkflowGraph } from "@/server/engine/graph";
import type { GraphIssue } from "@/server/engine/validate";

export interface TriggerSource {
  source: string;
  workflowName: string;
}

const URL_TRIGGERS = new Set(["trigger.webhook", "trigger.form"]);

export function sourceKey(source: string): string {
  return source.trim().replace(/\s+/g, " ").toLowerCase();
}

/** The non-empty source names of a graph's webhook and form triggers. */
export function triggerSourcesOf(graph: unknown): string[] {
  const nodes = (graph as { nodes?: Array<{ type?: unknown; config?: { source?: unknown } }> })?.nodes ?? [];
  return nodes
    .filter((n) => URL_TRIGGERS.has(n?.type as string) && typeof n.config?.source === "string" && n.config.source.trim() !== "")
    .map((n) => n.config!.source as string);
}

export function overlapIssues(graph: WorkflowGraph, others: readonly TriggerSource[] | undefined): GraphIssue[] {
  if (!others?.length) return [];
  const issues: GraphIssue[] = [];
  for (const n of graph.nodes) {
    if (!URL_TRIGGERS.has(n.type) || typeof n.config.source !== "string" || !n.config.source.trim()) continue;
    const key = sourceKey(n.config.source);
    const same = [...new Set(others.filter((o) => sourceKey(o.source) === key).map((o) => o.workflowName))];
    if (same.length === 0) continue;
    issues.push({
      severity: "warning",
      code: "overlapping_trigger",
      message: `"${n.name}" listens to "${n.config.source.trim()}", like ${same.map((w) => `“${w}”`).join(", ")}: each event will run both workflows. Is that intended?`,
      nodeId: n.id,
      path: "source",
    });
  }
  return issues;
}
