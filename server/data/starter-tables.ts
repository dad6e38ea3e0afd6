/**
 * The three tables the reference flow writes to (webhook → validate → dedupe → CRM upsert →
 * segment → task → e-mail → reporting). A template creates them in one call
 * (`createStarterTables`); flows refer to them by name.
 */
import type { TableDefInput } from "./field-types";

export const SEGMENTS = ["Enterprise", "SMB", "Startup", "Other"] as const;

export const LEADS_TABLE: TableDefInput = {
  name: "Leads",
  description: "People who asked about us. One record per e-mail address.",
  uniqueKey: ["email"],
  fields: [
    { key: "email", label: "E-mail", type: "email", required: true, indexed: true },
    { key: "name", label: "Name", type: "text", normalize: { trim: true, collapseSpaces: true, case: "title" }, indexed: true },
    { key: "company", label: "Company", type: "text", normalize: { trim: true, collapseSpaces: true, case: "none" } },
    { key: "phone", label: "Phone", type: "phone", defaultCountry: "US" },
    { key: "website", label: "Website", type: "url" },
    { key: "employees", label: "Employees", type: "number", validation: { min: 0, integer: true } },
    { key: "segment", label: "Segment", type: "single_select", options: [...SEGMENTS], indexed: true },
    { key: "status", label: "Status", type: "single_select", options: ["New", "Contacted", "Qualified", "Lost"], default: "New", indexed: true },
    { key: "source", label: "Source", type: "text" },
    { key: "received_at", label: "Received", type: "datetime", indexed: true },
    { key: "notes", label: "Notes", type: "long_text" },
  ],
};

export const TASKS_TABLE: TableDefInput = {
  name: "Tasks",
  description: "Follow-ups for the sales team, created by flows or by hand.",
  fields: [
    { key: "title", label: "Title", type: "text", required: true },
    { key: "lead_email", label: "Lead e-mail", type: "email", indexed: true },
    { key: "assignee", label: "Assigned to", type: "text" },
    { key: "due", label: "Due", type: "datetime", dateOnly: true, indexed: true },
    { key: "status", label: "Status", type: "single_select", options: ["Open", "Done"], default: "Open", indexed: true },
    { key: "priority", label: "Priority", type: "single_select", options: ["Low", "Normal", "High"], default: "Normal" },
  ],
};

export const REPORTING_TABLE: TableDefInput = {
  name: "Reporting",
  description: "Daily lead counts per segment, kept up to date by the reporting sync.",
  uniqueKey: ["date", "segment"],
  fields: [
    { key: "date", label: "Date", type: "datetime", dateOnly: true, required: true, indexed: true },
    { key: "segment", label: "Segment", type: "single_select", options: [...SEGMENTS], required: true },
    { key: "leads", label: "Leads", type: "number", default: 0, validation: { min: 0, integer: true } },
    { key: "qualified", label: "Qualified", type: "number", default: 0, validation: { min: 0, integer: true } },
  ],
};

export const STARTER_TABLES: readonly TableDefInput[] = [LEADS_TABLE, TASKS_TABLE, REPORTING_TABLE];
