// Support-form triage: a public form; each request is routed by keywords (urgent, billing,
// everything else) to the right team as a task, the customer gets an acknowledgement, and urgent
// requests also ping the on-call channel.
import { TASKS } from "./tables";
import { link, setupValue, step, type TemplateBuildInput, type WorkflowTemplate } from "./types";

/** Subject and message together, in lower case, for keyword tests. */
const TEXT = '$lowercase($string(trigger.body.subject) & " " & $string(trigger.body.message))';
const ROUTES = {
  urgent: { name: "Urgent: on-call team", label: "Something is down", words: "down|outage|urgent|not working|cannot log in|can't log in", team: "On-call team", priority: "High", dueDays: 0 },
  billing: { name: "Billing: accounts team", label: "Money questions", words: "invoice|refund|payment|charge|billing|price", team: "Accounts team", priority: "Normal", dueDays: 1 },
  general: { name: "General: support team", label: "Everything else", words: "", team: "Support team", priority: "Normal", dueDays: 2 },
} as const;

function build(input: TemplateBuildInput) {
  const smtp = input.credentials.smtp ?? "";
  const plans = Object.entries(ROUTES).map(([id, r], i) =>
    step(id, "data.set", r.name, 2, i - 1, {
      mode: "fields",
      fields: [
        { name: "team", value: r.team },
        { name: "priority", value: r.priority },
        { name: "due", value: `{{ $substring($fromMillis($millis() + ${r.dueDays * 86_400_000}), 0, 10) }}` },
      ],
    }),
  );
  const nodes = [
    step("form", "trigger.form", "Support request form", 0, 0, {
      title: "Contact support",
      intro: "Tell us what happened and we will get back to you.",
      fields: [
        { type: "text", name: "name", label: "Your name", required: true, maxLength: 200 },
        { type: "email", name: "email", label: "E-mail", required: true },
        { type: "text", name: "subject", label: "Subject", required: true, maxLength: 200 },
        { type: "long_text", name: "message", label: "What happened?", required: true, maxLength: 5000 },
      ],
      submitLabel: "Send",
      thankYouMessage: "Thank you! We received your request and will answer by e-mail.",
    }),
    step("route", "logic.switch", "Route by keywords", 1, 0, {
      routes: (["urgent", "billing"] as const).map((k) => ({ key: k, label: ROUTES[k].label, expression: `$contains(${TEXT}, /(${ROUTES[k].words})/)` })),
    }),
    ...plans,
    step("ticket", "data.set", "Request with its team", 3, 0, { mode: "json", json: "{{ vars.input }}" }),
    step("createTask", "data.insert", "Create support task", 4, 0, {
      table: "Tasks",
      source: "fields",
      fields: [
        { name: "title", value: "Support: {{ trigger.body.subject }} ({{ trigger.body.name }})" },
        { name: "lead_email", value: "{{ trigger.body.email }}" },
        { name: "assignee", value: "{{ steps.ticket.team }}" },
        { name: "due", value: "{{ steps.ticket.due }}" },
        { name: "priority", value: "{{ steps.ticket.priority }}" },
      ],
    }, { retry: { maxAttempts: 3 } }),
    step("acknowledge", "email.send", "Acknowledge to the customer", 5, 0, {
      credentialId: smtp,
      to: "{{ trigger.body.email }}",
      subject: "We received your request: {{ trigger.body.subject }}",
      text: "Hello {{ trigger.body.name }},\n\nThank you for contacting us. Your request went to our {{ steps.ticket.team }}, who will answer you by e-mail.\n\nBest regards,\nSupport",
    }),
    step("isUrgent", "logic.if", "Is it urgent?", 6, 0, {
      mode: "conditions",
      combinator: "and",
      groups: [{ combinator: "and", conditions: [{ field: "steps.ticket.team", operator: "equals", value: ROUTES.urgent.team }] }],
    }),
    step("pageOnCall", "notify.send", "Alert the on-call channel", 7, -1, {
      channel: "slack",
      url: setupValue(input, "pageOnCall", "url"),
      text: "Urgent support request from {{ trigger.body.name }} <{{ trigger.body.email }}>: {{ trigger.body.subject }}",
    }),
    step("logNormal", "data.log", "Log the request", 7, 1, { level: "info", message: "Support request from {{ trigger.body.email }} routed to {{ steps.ticket.team }}" }),
  ];
  const edges = [
    link("form", "route"),
    link("route", "urgent", "urgent"),
    link("route", "billing", "billing"),
    link("route", "general", "default"),
    ...Object.keys(ROUTES).map((id) => link(id, "ticket")),
    link("ticket", "createTask"),
    link("createTask", "acknowledge"),
    link("acknowledge", "isUrgent"),
    link("isUrgent", "pageOnCall", "true"),
    link("isUrgent", "logNormal", "false"),
  ];
  return { schemaVersion: 1 as const, nodes, edges, settings: {} };
}

export const supportTriageTemplate: WorkflowTemplate = {
  id: "support-form-triage",
  name: "Support form triage",
  summary: "A support form on your website; each request goes to the right team by its keywords.",
  description:
    "Publishes a support form. Each request is read for keywords: \"down\", \"outage\" or \"urgent\" go to the on-call team (and ping its Slack channel), " +
    "\"invoice\", \"refund\" or \"payment\" go to the accounts team, everything else to the support team. " +
    "Each request becomes a task in your Tasks table with a due date, and the customer gets an e-mail saying it was received.",
  category: "Support",
  workflowName: "Support form triage",
  tables: [TASKS],
  credentials: [
    {
      key: "smtp",
      type: "smtp",
      name: "Support e-mail (needs setup)",
      settings: { host: "smtp.example.com", port: 587, secure: false, username: "", fromAddress: "Support <support@example.com>" },
      help: "Enter your SMTP server, user name, password and From address (Credentials page).",
    },
  ],
  setup: [{ nodeId: "pageOnCall", field: "url", label: "The Slack incoming webhook URL of the on-call channel", example: "https://hooks.slack.com/services/T0000/B0000/replace-me" }],
  build,
};
