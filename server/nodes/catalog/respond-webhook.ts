import { z } from "zod";
import { defineNode } from "../define-node";

export const respondWebhookConfig = z.object({
  status: z.string().max(200).default("200").meta({ label: "Status code", template: true, help: "A number from 200 to 599, e.g. 200, 201 or 422. May be a {{ }} expression." }),
  body: z
    .string()
    .max(100_000)
    .default("")
    .meta({ label: "Body", widget: "expression", template: true, help: "Sent as JSON when it is an object or a list, e.g. {{ { \"ok\": true, \"id\": trigger.body.id } }}; as text otherwise. Empty: the step's input." }),
  headers: z
    .array(
      z.object({
        name: z.string().min(1).max(200).meta({ label: "Header" }),
        value: z.string().max(4000).meta({ label: "Value", template: true }),
      }),
    )
    .default([])
    .meta({ label: "Response headers", widget: "mappings" }),
});
export type RespondWebhookConfig = z.output<typeof respondWebhookConfig>;

export const respondWebhookNode = defineNode({
  type: "trigger.respond",
  version: 1,
  kind: "action",
  label: "Respond to webhook",
  category: "Logic",
  icon: "reply",
  description: "Answers the webhook request that started this run, with a status, headers and body you build.",
  help: "Works with a Webhook trigger whose “When to answer the sender” is set to wait for this step. The workflow goes on after answering. If no answer is sent within the trigger's timeout, the sender gets 202.",
  config: respondWebhookConfig,
  outputs: ["main"],
  sideEffect: false,
  canFail: true,
});
