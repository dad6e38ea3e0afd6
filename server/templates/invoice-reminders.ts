// Overdue-invoice reminders: every Monday, e-mail each customer whose invoice is past due and
// still unpaid, count the reminder on the invoice, and alert the team about any that failed.
import { INVOICES } from "./tables";
import { link, setupValue, step, type TemplateBuildInput, type WorkflowTemplate } from "./types";

const TODAY = "{{ $substring($now(), 0, 10) }}";

function build(input: TemplateBuildInput) {
  const smtp = input.credentials.smtp ?? "";
  const nodes = [
    step("weekly", "trigger.schedule", "Every Monday at 9:00", 0, 0, { schedule: "every Monday at 09:00", missedRuns: "run_last" }),
    step("findOverdue", "data.find", "Find overdue invoices", 1, 0, {
      table: "Invoices",
      filters: [
        { field: "status", op: "eq", value: "Unpaid" },
        { field: "due", op: "lt", value: TODAY },
      ],
      sort: { field: "due", direction: "asc" },
      limit: 500,
    }),
    step("eachInvoice", "logic.loop", "For each overdue invoice", 2, 0, { items: "{{ steps.findOverdue.records }}", concurrency: 1, maxItems: 500 }),
    step("sendReminder", "email.send", "Send payment reminder", 3, -1, {
      credentialId: smtp,
      to: "{{ item.email }}",
      subject: "Reminder: invoice {{ item.number }} is overdue",
      text: "Hello {{ item.customer }},\n\nOur invoice {{ item.number }} of {{ $formatNumber(item.amount, '#,##0.00') }} was due on {{ item.due }} and we have not received the payment yet. If you have already paid, please ignore this message.\n\nThank you,\nAccounts",
    }),
    step("countReminder", "data.update", "Count the reminder on the invoice", 4, -1, {
      table: "Invoices",
      filters: [{ field: "number", op: "eq", value: "{{ item.number }}" }],
      fields: [
        { name: "reminders", value: '{{ ($r := item.reminders; ($type($r) = "number" ? $r : 0) + 1) }}' },
        { name: "last_reminder", value: "{{ $now() }}" },
      ],
      limit: 1,
    }, { retry: { maxAttempts: 3 } }),
    step("logDone", "data.log", "Log how many were reminded", 3, 1, { level: "info", message: "Sent {{ $count(steps.findOverdue.records) }} payment reminder(s)" }),
    step("alertTeam", "notify.send", "Alert the team about failed reminders", 3, 2, {
      channel: "slack",
      url: setupValue(input, "alertTeam", "url"),
      text: "{{ $count(vars.input.failures) }} payment reminder(s) could not be sent: {{ $join(vars.input.failures.error.message, \"; \") }}",
    }),
  ];
  const edges = [
    link("weekly", "findOverdue"),
    link("findOverdue", "eachInvoice"),
    link("eachInvoice", "sendReminder", "item"),
    link("sendReminder", "countReminder"),
    link("eachInvoice", "logDone", "done"),
    link("eachInvoice", "alertTeam", "error"),
  ];
  return { schemaVersion: 1 as const, nodes, edges, settings: {} };
}

export const invoiceRemindersTemplate: WorkflowTemplate = {
  id: "overdue-invoice-reminders",
  name: "Overdue invoice reminders",
  summary: "Every Monday, remind customers about unpaid invoices that are past due.",
  description:
    "Every Monday at 9:00 the workflow looks in your Invoices table for unpaid invoices whose due date has passed, sends each customer a polite reminder e-mail, " +
    "and counts the reminder on the invoice. Mark an invoice as Paid and it stops getting reminders. If a reminder cannot be sent, the team gets a Slack message.",
  category: "Finance",
  workflowName: "Overdue invoice reminders",
  tables: [INVOICES],
  credentials: [
    {
      key: "smtp",
      type: "smtp",
      name: "Invoice reminders e-mail (needs setup)",
      settings: { host: "smtp.example.com", port: 587, secure: false, username: "", fromAddress: "Accounts <accounts@example.com>" },
      help: "Enter your SMTP server, user name, password and From address (Credentials page).",
    },
  ],
  setup: [{ nodeId: "alertTeam", field: "url", label: "The Slack incoming webhook URL for failed reminders", example: "https://hooks.slack.com/services/T0000/B0000/replace-me" }],
  build,
};
