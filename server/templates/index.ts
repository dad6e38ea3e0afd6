// The template gallery's contents, in the order the gallery shows them.
import { dailySummaryTemplate } from "./daily-summary";
import { invoiceRemindersTemplate } from "./invoice-reminders";
import { leadToClientTemplate } from "./lead-to-client";
import { supportTriageTemplate } from "./support-triage";
import { exampleInput, type TemplateSummary, type WorkflowTemplate } from "./types";

export const workflowTemplates: readonly WorkflowTemplate[] = [leadToClientTemplate, invoiceRemindersTemplate, supportTriageTemplate, dailySummaryTemplate];

export function getTemplate(id: string): WorkflowTemplate | undefined {
  return workflowTemplates.find((t) => t.id === id);
}

/** What the gallery shows: the step names in canvas order, and what the user must set up. */
export function summarizeTemplate(t: WorkflowTemplate): TemplateSummary {
  const graph = t.build(exampleInput(t));
  return {
    id: t.id,
    name: t.name,
    summary: t.summary,
    description: t.description,
    category: t.category,
    steps: graph.nodes.filter((n) => n.type !== "note").map((n) => n.name),
    tables: t.tables.map((x) => x.name),
    credentials: t.credentials.map((c) => ({ name: c.name, help: c.help })),
    setup: t.setup.map((s) => s.label),
  };
}
