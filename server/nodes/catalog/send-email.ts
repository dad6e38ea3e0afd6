import { z } from "zod";
import { defineNode } from "../define-node";

const attachment = z.object({
  filename: z.string().max(255).meta({ label: "File name", template: true, placeholder: "invoice-{{ trigger.body.number }}.pdf" }),
  content: z.string().max(20_000_000).meta({ label: "Content (base64)", template: true, placeholder: "{{ steps.Download.output.body }}" }),
  contentType: z.string().max(200).default("").meta({ label: "Content type", placeholder: "application/pdf" }),
});

export const sendEmailNode = defineNode({
  type: "email.send",
  version: 1,
  kind: "action",
  label: "Send e-mail",
  category: "Notifications",
  icon: "mail",
  description: "Sends an e-mail through an SMTP credential (or the workspace's default one).",
  help: "Subject, addresses and bodies can use data from earlier steps. Attachments take base64 content, for example a file an HTTP Request downloaded. A temporary refusal by the server (4xx) is retried; a permanent one (5xx, bad login) fails at once.",
  config: z.object({
    credentialId: z.string().max(100).default("").meta({ label: "SMTP credential", widget: "credential", credentialTypes: ["smtp"], help: "Empty: the workspace's default SMTP credential." }),
    from: z.string().max(500).default("").meta({ label: "From", template: true, placeholder: "Acme Sales <sales@acme.example>", help: "Empty: the credential's From address." }),
    to: z.string().min(1, "Enter at least one recipient.").max(5000).meta({ label: "To", template: true, placeholder: "{{ trigger.body.email }}", help: "Several addresses separated by commas." }),
    cc: z.string().max(5000).default("").meta({ label: "Cc", template: true }),
    bcc: z.string().max(5000).default("").meta({ label: "Bcc", template: true }),
    replyTo: z.string().max(500).default("").meta({ label: "Reply to", template: true }),
    subject: z.string().min(1, "Enter a subject.").max(1000).meta({ label: "Subject", template: true }),
    text: z.string().max(1_000_000).default("").meta({ label: "Text body", widget: "textarea", template: true }),
    html: z.string().max(1_000_000).default("").meta({ label: "HTML body", widget: "textarea", template: true }),
    attachments: z.array(attachment).default([]).meta({ label: "Attachments" }),
  }),
  outputs: ["main"],
  sideEffect: true,
  canFail: true,
  retry: { maxAttempts: 5, initialDelayMs: 1000, factor: 2, maxDelayMs: 300_000 },
});

export type SendEmailConfig = z.output<typeof sendEmailNode.config>;
