// Daily summary: every morning, e-mail a manager yesterday's new leads per segment (from the
// Reporting table the lead flow keeps) and how many leads were refused.
import { REJECTED_LEADS, REPORTING } from "./tables";
import { link, setupValue, step, type TemplateBuildInput, type WorkflowTemplate } from "./types";

function build(input: TemplateBuildInput) {
  const smtp = input.credentials.smtp ?? "";
  const nodes = [
    step("daily", "trigger.schedule", "Every day at 7:30", 0, 0, { schedule: "every day at 07:30", missedRuns: "run_last" }),
    step("dates", "data.set", "Work out yesterday's date", 1, 0, {
      mode: "fields",
      fields: [
        { name: "yesterday", value: "{{ $substring($fromMillis($millis() - 86400000), 0, 10) }}" },
        { name: "today", value: "{{ $substring($now(), 0, 10) }}" },
      ],
    }),
    step("perSegment", "data.aggregate", "Add up yesterday's leads per segment", 2, 0, {
      source: "table",
      table: "Reporting",
      filters: [{ field: "date", op: "eq", value: "{{ steps.dates.yesterday }}" }],
      groupBy: ["segment"],
      metrics: [{ op: "sum", field: "leads", as: "leads" }],
    }),
    step("refused", "data.aggregate", "Count yesterday's refused leads", 3, 0, {
      source: "table",
      table: "Rejected leads",
      filters: [
        { field: "received_at", op: "gte", value: "{{ steps.dates.yesterday }}" },
        { field: "received_at", op: "lt", value: "{{ steps.dates.today }}" },
      ],
      groupBy: [],
      metrics: [{ op: "count", as: "refused" }],
    }),
    step("sendSummary", "email.send", "E-mail the summary", 4, 0, {
      credentialId: smtp,
      to: setupValue(input, "sendSummary", "to"),
      subject: "Yesterday's leads ({{ steps.dates.yesterday }}): {{ $sum(steps.perSegment.rows.leads) }} new",
      text: "Good morning,\n\nNew leads on {{ steps.dates.yesterday }} per segment:\n{{ $count(steps.perSegment.rows) > 0 ? $join(steps.perSegment.rows.(\"- \" & segment & \": \" & $string(leads)), \"\\n\") : \"- none\" }}\n\nRefused because of wrong or missing details: {{ steps.refused.rows[0].refused }}\n\nThe details are in the Leads, Reporting and Rejected leads tables.",
    }),
  ];
  const edges = [link("daily", "dates"), link("dates", "perSegment"), link("perSegment", "refused"), link("refused", "sendSummary")];
  return { schemaVersion: 1 as const, nodes, edges, settings: {} };
}

export const dailySummaryTemplate: WorkflowTemplate = {
  id: "daily-lead-summary",
  name: "Daily summary e-mail",
  summary: "Every morning, e-mail yesterday's new leads per segment and the refused ones.",
  description:
    "Every day at 7:30 the workflow adds up yesterday's new leads per segment from the Reporting table (kept by the \"New lead to client\" workflow) " +
    "and counts the leads that were refused, then e-mails the summary to you or your sales manager.",
  category: "Reporting",
  workflowName: "Daily summary e-mail",
  tables: [REPORTING, REJECTED_LEADS],
  credentials: [
    {
      key: "smtp",
      type: "smtp",
      name: "Daily summary e-mail (needs setup)",
      settings: { host: "smtp.example.com", port: 587, secure: false, username: "", fromAddress: "Switchyard <reports@example.com>" },
      help: "Enter your SMTP server, user name, password and From address (Credentials page).",
    },
  ],
  setup: [{ nodeId: "sendSummary", field: "to", label: "Who gets the summary (e-mail address)", example: "manager@example.com" }],
  build,
};
