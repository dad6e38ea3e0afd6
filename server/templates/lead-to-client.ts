// The reference flow: a lead arrives by webhook and becomes a client record, a task, a welcome
// e-mail and a line in the daily report; bad leads are answered 422 and kept as "rejected"; any
// failing outside step alerts the team on Slack and by e-mail and marks the run as failed.
import { LEADS, REJECTED_LEADS, REPORTING, TASKS } from "./tables";
import { link, setupValue, step, type TemplateBuildInput, type WorkflowTemplate } from "./types";

const DAY_MS = 86_400_000;
/** A date `days` from now as YYYY-MM-DD (the Tasks "Due" field is date-only). */
const dueIn = (days: number) => `{{ $substring($fromMillis($millis() + ${days * DAY_MS}), 0, 10) }}`;
/** The lead's employee count when it is a number; JSONata refuses `null >= 10`, so test the type first. */
const employeesAtLeast = (n: number) => `($e := steps.checkLead.employees; $type($e) = "number" and $e >= ${n})`;
const sourceIn = (sources: string[]) => `$lowercase($string(steps.checkLead.source)) in ${JSON.stringify(sources)}`;

/** Per-segment plan: who follows up, how soon, and which welcome e-mail the lead gets. */
const SEGMENT_PLANS = {
  enterprise: {
    name: "Plan for an enterprise lead",
    segment: "Enterprise",
    owner: "Key accounts team",
    priority: "High",
    dueDays: 1,
    subject: "{{ vars.input.name ? vars.input.name : \"Hello\" }}, let's plan your roll-out",
    text: "Hello {{ vars.input.name ? vars.input.name : \"there\" }},\n\nThank you for your interest. A member of our key accounts team will call you within one working day to understand what {{ vars.input.company ? vars.input.company : \"your company\" }} needs.\n\nBest regards,\nThe sales team",
  },
  smb: {
    name: "Plan for a small business lead",
    segment: "SMB",
    owner: "Sales team",
    priority: "Normal",
    dueDays: 2,
    subject: "Welcome, {{ vars.input.name ? vars.input.name : \"and thank you\" }}",
    text: "Hello {{ vars.input.name ? vars.input.name : \"there\" }},\n\nThank you for getting in touch. Someone from our sales team will contact you within two working days. Meanwhile you can book a demo on our website.\n\nBest regards,\nThe sales team",
  },
  nurture: {
    name: "Plan for a nurture lead",
    segment: "Nurture",
    owner: "Marketing team",
    priority: "Low",
    dueDays: 7,
    subject: "Thanks for your interest",
    text: "Hello {{ vars.input.name ? vars.input.name : \"there\" }},\n\nThank you for your interest. We will send you our guides and news now and then; reply to this e-mail any time if you would like to talk to someone.\n\nBest regards,\nThe team",
  },
} as const;

/** Steps whose failure is reported (their error output goes to "Describe the problem"). */
const WATCHED: Record<string, string> = {
  recordRejection: "Record rejected lead",
  saveLead: "Save lead in CRM",
  createTask: "Create follow-up task",
  sendWelcome: "Send welcome e-mail",
  saveReport: "Update daily report",
};

const LEAD_FIELDS = ["email", "name", "company", "phone", "website", "employees", "source"] as const;

function build(input: TemplateBuildInput) {
  const smtp = input.credentials.smtp ?? "";
  const plans = Object.entries(SEGMENT_PLANS).map(([id, p], i) =>
    step(id, "data.set", p.name, 3, i - 1, {
      mode: "fields",
      keepInput: true,
      fields: [
        { name: "segment", value: p.segment },
        { name: "owner", value: p.owner },
        { name: "priority", value: p.priority },
        { name: "due", value: dueIn(p.dueDays) },
        { name: "taskTitle", value: `Follow up with {{ vars.input.name ? vars.input.name : vars.input.email }} (${p.segment})` },
        { name: "welcomeSubject", value: p.subject },
        { name: "welcomeText", value: p.text },
      ],
    }),
  );
  const nodes = [
    step("setupNote", "note", "Before you publish", 0, 2, {
      color: "yellow",
      text: "1. Credentials: open \"Lead flow e-mail (needs setup)\" and enter your SMTP server.\n2. \"Alert the team on Slack\": paste your Slack incoming webhook URL.\n3. \"E-mail the admin\": enter the admin's address.\nThen publish and send leads to the production URL (Webhook step).",
    }),
    step("capture", "trigger.webhook", "Capture lead", 0, 0, { method: "POST", source: "Website contact form", responseMode: "respond_node", responseTimeoutMs: 15_000, idempotency: "auto", rateLimitPerSecond: 500 }, {
      notes: "Send a JSON body like {\"email\": \"ann@example.com\", \"name\": \"Ann Lee\", \"company\": \"Acme\", \"employees\": 40, \"source\": \"website\", \"message\": \"…\"}.",
    }),
    step("checkLead", "data.validate", "Check lead details", 1, 0, {
      against: "table",
      table: "Leads",
      source: "fields",
      fields: LEAD_FIELDS.map((f) => ({ name: f, value: `{{ trigger.body.${f} }}` })),
      keepOtherFields: true,
    }),
    step("answerInvalid", "trigger.respond", "Answer 422 with the reasons", 2, 2, {
      status: "422",
      body: '{{ { "ok": false, "message": "Some lead details are missing or wrong.", "problems": [vars.input.data.errors.{ "field": field, "message": message }] } }}',
    }),
    step("recordRejection", "data.insert", WATCHED.recordRejection!, 2, 3, {
      table: "Rejected leads",
      source: "fields",
      fields: [
        { name: "email", value: "{{ $string(trigger.body.email) }}" },
        { name: "reasons", value: '{{ $join(vars.input.data.errors.message, "; ") }}' },
        { name: "payload", value: "{{ $string(trigger.body) }}" },
        { name: "received_at", value: "{{ $now() }}" },
      ],
    }),
    step("segment", "logic.switch", "Segment by size and source", 2, 0, {
      routes: [
        { key: "enterprise", label: "250+ employees or a partner", expression: `${employeesAtLeast(250)} or ${sourceIn(["partner"])}` },
        { key: "smb", label: "10+ employees or a referral", expression: `${employeesAtLeast(10)} or ${sourceIn(["referral", "demo request"])}` },
      ],
    }),
    ...plans,
    step("lead", "data.set", "Lead with its plan", 4, 0, { mode: "json", json: "{{ vars.input }}" }),
    step("saveLead", "data.upsert", WATCHED.saveLead!, 5, 0, {
      table: "Leads",
      source: "fields",
      mode: "merge",
      fields: [
        ...LEAD_FIELDS.map((f) => ({ name: f, value: `{{ steps.lead.${f} }}` })),
        { name: "segment", value: "{{ steps.lead.segment }}" },
        { name: "received_at", value: "{{ $now() }}" },
        { name: "notes", value: "{{ trigger.body.message }}" },
      ],
    }),
    step("isNewLead", "logic.if", "Is it a new lead?", 6, 0, {
      mode: "conditions",
      combinator: "and",
      groups: [{ combinator: "and", conditions: [{ field: "steps.saveLead.outcome", operator: "equals", value: "created" }] }],
    }, { notes: "The e-mail address decides: \"Ann@Example.com \" and \"ann@example.com\" are the same lead, so a repeat gets no second task or e-mail." }),
    step("createTask", "data.insert", WATCHED.createTask!, 7, -1, {
      table: "Tasks",
      source: "fields",
      fields: [
        { name: "title", value: "{{ steps.lead.taskTitle }}" },
        { name: "lead_email", value: "{{ steps.lead.email }}" },
        { name: "assignee", value: "{{ steps.lead.owner }}" },
        { name: "due", value: "{{ steps.lead.due }}" },
        { name: "priority", value: "{{ steps.lead.priority }}" },
      ],
    }),
    step("sendWelcome", "email.send", WATCHED.sendWelcome!, 8, -1, { credentialId: smtp, to: "{{ steps.lead.email }}", subject: "{{ steps.lead.welcomeSubject }}", text: "{{ steps.lead.welcomeText }}" }),
    step("saveReport", "data.upsert", WATCHED.saveReport!, 9, -1, {
      table: "Reporting",
      source: "fields",
      mode: "merge",
      fields: [
        { name: "date", value: "{{ $substring($now(), 0, 10) }}" },
        { name: "segment", value: "{{ steps.lead.segment }}" },
      ],
      add: [{ field: "leads", by: 1 }],
    }, { notes: "+1 in the database (\"Add to number fields\"): runs at the same moment never lose a count, and the report row is locked only for that one update." }),
    step("logNewLead", "data.log", "Log new lead", 10, -1, {
      level: "info",
      message: "New {{ steps.lead.segment }} lead {{ steps.lead.email }}: task for {{ steps.lead.owner }}, welcome e-mail sent",
      data: '{{ { "lead": steps.saveLead.id, "segment": steps.lead.segment } }}',
    }),
    step("logKnownLead", "data.log", "Log known lead", 7, 1, { level: "info", message: "Known lead {{ steps.lead.email }} sent again: details updated, no new task or e-mail" }),
    step("answerOk", "trigger.respond", "Answer 200", 11, 0, {
      status: "200",
      body: '{{ { "ok": true, "lead": steps.saveLead.id, "outcome": steps.saveLead.outcome, "segment": steps.lead.segment } }}',
    }),
    step("describeProblem", "data.set", "Describe the problem", 7, 4, {
      mode: "fields",
      fields: [
        { name: "step", value: `{{ $lookup(${JSON.stringify(WATCHED)}, vars.input.nodeId) }}` },
        { name: "problem", value: "{{ vars.input.message }}" },
        { name: "lead", value: "{{ $string(trigger.body.email) }}" },
        { name: "run", value: "{{ vars.executionId }}" },
      ],
    }),
    step("notifyTeam", "notify.send", "Alert the team on Slack", 8, 3.5, {
      channel: "slack",
      url: setupValue(input, "notifyTeam", "url"),
      text: "Lead flow problem at \"{{ steps.describeProblem.step }}\": {{ steps.describeProblem.problem }} (lead: {{ steps.describeProblem.lead }}, run {{ steps.describeProblem.run }})",
    }, { onError: "continue" }),
    step("emailAdmin", "email.send", "E-mail the admin", 8, 4.5, {
      credentialId: smtp,
      to: setupValue(input, "emailAdmin", "to"),
      subject: "Lead flow needs attention: \"{{ steps.describeProblem.step }}\" failed",
      text: "The step \"{{ steps.describeProblem.step }}\" failed for the lead {{ steps.describeProblem.lead }}:\n\n{{ steps.describeProblem.problem }}\n\nOpen Runs in Switchyard and look for run {{ steps.describeProblem.run }}.",
    }, { onError: "continue", retry: { maxAttempts: 3 } }),
    step("stopFailed", "logic.stop", "Mark the run as failed", 9, 4, { message: "The lead was not fully handled: {{ steps.describeProblem.problem }}", code: "LEAD_NOT_HANDLED" }),
  ];
  const edges = [
    link("capture", "checkLead"),
    link("checkLead", "answerInvalid", "error"),
    link("checkLead", "recordRejection", "error"),
    link("checkLead", "segment"),
    link("segment", "enterprise", "enterprise"),
    link("segment", "smb", "smb"),
    link("segment", "nurture", "default"),
    ...["enterprise", "smb", "nurture"].map((id) => link(id, "lead")),
    link("lead", "saveLead"),
    link("saveLead", "isNewLead"),
    link("isNewLead", "createTask", "true"),
    link("isNewLead", "logKnownLead", "false"),
    link("createTask", "sendWelcome"),
    link("sendWelcome", "saveReport"),
    link("saveReport", "logNewLead"),
    link("logNewLead", "answerOk"),
    link("logKnownLead", "answerOk"),
    ...Object.keys(WATCHED).map((id) => link(id, "describeProblem", "error")),
    link("describeProblem", "notifyTeam"),
    link("describeProblem", "emailAdmin"),
    link("notifyTeam", "stopFailed"),
    link("emailAdmin", "stopFailed"),
  ];
  return { schemaVersion: 1 as const, nodes, edges, settings: { concurrency: 20 } };
}

export const leadToClientTemplate: WorkflowTemplate = {
  id: "lead-to-client",
  name: "New lead to client",
  summary: "Capture leads from your website, keep one record per person, follow up by segment and report daily.",
  description:
    "When your website (or any tool) sends a lead, the details are checked against your Leads table; wrong or missing details are answered with the reasons and kept in \"Rejected leads\". " +
    "Good leads are saved once per e-mail address (however it is typed), sorted into enterprise, small business or nurture by company size and source, " +
    "get a follow-up task for the right team and a welcome e-mail written for their segment, and are counted in the daily Reporting table. " +
    "If any step that talks to the outside world fails, your team gets a Slack message and the admin an e-mail.",
  category: "Sales",
  workflowName: "New lead to client",
  tables: [LEADS, TASKS, REPORTING, REJECTED_LEADS],
  credentials: [
    {
      key: "smtp",
      type: "smtp",
      name: "Lead flow e-mail (needs setup)",
      settings: { host: "smtp.example.com", port: 587, secure: false, username: "", fromAddress: "Sales team <sales@example.com>" },
      help: "Enter your SMTP server, user name, password and From address (Credentials page).",
    },
  ],
  setup: [
    { nodeId: "notifyTeam", field: "url", label: "The Slack (or Mattermost, Rocket.Chat) incoming webhook URL for problem alerts", example: "https://hooks.slack.com/services/T0000/B0000/replace-me" },
    { nodeId: "emailAdmin", field: "to", label: "The admin's e-mail address for problem alerts", example: "admin@example.com" },
  ],
  build,
};
