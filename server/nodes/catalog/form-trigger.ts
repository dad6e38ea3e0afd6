import { z } from "zod";
import { defineNode } from "../define-node";
import { formFieldSchema } from "@/server/triggers/form-fields";

export const formTriggerConfig = z.object({
  title: z.string().trim().min(1, "Give the form a title.").max(200).default("Contact us").meta({ label: "Form title" }),
  intro: z.string().max(2000).default("").meta({ label: "Text above the form", widget: "textarea" }),
  fields: z
    .array(formFieldSchema)
    .min(1, "Add at least one field.")
    .max(50)
    .default([
      { type: "text", name: "name", label: "Your name", required: true, maxLength: 200 },
      { type: "email", name: "email", label: "E-mail", required: true },
    ])
    .meta({ label: "Fields", widget: "json", help: "Each field has a type (text, long_text, email, phone, number, select, consent), a name used in the workflow, a label people see, and whether it is required." }),
  submitLabel: z.string().trim().min(1).max(50).default("Send").meta({ label: "Button text" }),
  thankYouMessage: z.string().max(1000).default("Thank you! We received your message.").meta({ label: "Thank-you message", widget: "textarea" }),
  redirectUrl: z
    .string()
    .max(2000)
    .default("")
    .refine((v) => v === "" || /^https?:\/\//.test(v), "Use a web address starting with https://")
    .meta({ label: "Redirect after sending (optional)", placeholder: "https://example.com/thanks" }),
});
export type FormTriggerConfig = z.output<typeof formTriggerConfig>;

export const formTrigger = defineNode({
  type: "trigger.form",
  version: 1,
  kind: "trigger",
  triggerKind: "webhook",
  label: "Form",
  category: "Triggers",
  icon: "form",
  description: "Publishes a web form; each submission starts the workflow.",
  help: "The form is checked in the browser and again on the server; invalid submissions get a message per field and start nothing, and bots are turned away by a hidden field. The form can be linked to or embedded on your website. The run receives `trigger.body` with the cleaned values (e-mails in lower case, phones in international format).",
  config: formTriggerConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: false,
});
