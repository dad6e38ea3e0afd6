// The data tables the templates create (or reuse when a table with the same name exists).
// Leads, Tasks and Reporting are the starter tables, with one more segment ("Nurture": small or
// unknown companies that get newsletters rather than a sales call).
import type { TableDefInput } from "@/server/data/field-types";
import { LEADS_TABLE, REPORTING_TABLE, SEGMENTS, TASKS_TABLE } from "@/server/data/starter-tables";

export const LEAD_SEGMENTS = [...SEGMENTS, "Nurture"] as const;

function withSegments(t: TableDefInput): TableDefInput {
  return { ...t, fields: t.fields.map((f) => (f.key === "segment" && f.type === "single_select" ? { ...f, options: [...LEAD_SEGMENTS] } : f)) };
}

export const LEADS = withSegments(LEADS_TABLE);
export const TASKS = TASKS_TABLE;
export const REPORTING = withSegments(REPORTING_TABLE);

/** Every refused lead, with the reasons, so nobody has to dig through run logs to find them. */
export const REJECTED_LEADS: TableDefInput = {
  name: "Rejected leads",
  description: "Leads that were refused because their details were wrong or missing, with the reasons.",
  fields: [
    { key: "email", label: "E-mail as sent", type: "text", indexed: true },
    { key: "reasons", label: "Why it was refused", type: "long_text" },
    { key: "payload", label: "What was sent", type: "long_text" },
    { key: "received_at", label: "Received", type: "datetime", indexed: true },
  ],
};

export const INVOICES: TableDefInput = {
  name: "Invoices",
  description: "Invoices sent to customers; the reminder workflow reads the unpaid ones.",
  uniqueKey: ["number"],
  fields: [
    { key: "number", label: "Invoice number", type: "text", required: true },
    { key: "customer", label: "Customer", type: "text", required: true },
    { key: "email", label: "Billing e-mail", type: "email", required: true },
    { key: "amount", label: "Amount", type: "number", validation: { min: 0 } },
    { key: "due", label: "Due", type: "datetime", dateOnly: true, required: true, indexed: true },
    { key: "status", label: "Status", type: "single_select", options: ["Unpaid", "Paid"], default: "Unpaid", indexed: true },
    { key: "reminders", label: "Reminders sent", type: "number", default: 0, validation: { min: 0, integer: true } },
    { key: "last_reminder", label: "Last reminder", type: "datetime" },
  ],
};
