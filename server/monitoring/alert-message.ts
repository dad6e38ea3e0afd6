// The words of an alert, for people who did not build the workflow: what is wrong, how many
// failures it groups, since when, and where to look.
import type { AlertMessage } from "./alert-delivery";

export interface IncidentForMessage {
  id: string;
  workspace_id: string;
  subject_key: string;
  subject_label: string;
  status: "open" | "resolved";
  count: number;
  summary: string;
  details: Record<string, unknown> | null;
  opened_at: string | Date;
  resolved_at: string | Date | null;
  rule_name: string;
  rule_kind: string;
}

function baseUrl(): string {
  return (process.env.SWITCHYARD_URL ?? "").replace(/\/$/, "");
}

function minutesBetween(a: Date, b: Date): string {
  const m = Math.max(0, Math.round((b.getTime() - a.getTime()) / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function alertMessage(inc: IncidentForMessage, event: "opened" | "resolved", messageId: string): AlertMessage {
  const opened = new Date(inc.opened_at);
  const workflowId = typeof inc.details?.workflowId === "string" ? inc.details.workflowId : null;
  const link = baseUrl() ? (workflowId ? `${baseUrl()}/runs?workflowId=${workflowId}&status=failed` : `${baseUrl()}/monitoring`) : null;
  const grouped = inc.rule_kind === "any_failure" || inc.rule_kind === "failure_rate" ? `${inc.count} failed run${inc.count === 1 ? "" : "s"}` : null;
  if (event === "opened") {
    const lines = [inc.summary, grouped ? `This alert groups ${grouped} so far; you get one message per incident and one when it clears.` : null, `Rule: ${inc.rule_name}`, link ? `Runs: ${link}` : null];
    return {
      event,
      title: `[Switchyard] ${inc.subject_label}: ${inc.rule_name}`,
      text: lines.filter(Boolean).join("\n"),
      payload: { type: "alert.opened", incidentId: inc.id, rule: inc.rule_name, ruleKind: inc.rule_kind, subject: inc.subject_key, label: inc.subject_label, count: inc.count, summary: inc.summary, openedAt: opened.toISOString(), link },
      messageId,
    };
  }
  const resolvedAt = inc.resolved_at ? new Date(inc.resolved_at) : new Date();
  const lines = [`Resolved after ${minutesBetween(opened, resolvedAt)}.`, grouped ? `The incident grouped ${grouped}.` : null, `Rule: ${inc.rule_name}`, link ? `Runs: ${link}` : null];
  return {
    event,
    title: `[Switchyard] Resolved: ${inc.subject_label}: ${inc.rule_name}`,
    text: lines.filter(Boolean).join("\n"),
    payload: { type: "alert.resolved", incidentId: inc.id, rule: inc.rule_name, ruleKind: inc.rule_kind, subject: inc.subject_key, label: inc.subject_label, count: inc.count, openedAt: opened.toISOString(), resolvedAt: resolvedAt.toISOString(), link },
    messageId,
  };
}
