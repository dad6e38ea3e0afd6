// Hosted form trigger: what the public page shows, and the submission path (checked again on the
// server; invalid input starts nothing; bots are answered as if accepted and dropped).
import type { Db } from "@/db/client";
import type { NodeCatalogLookup } from "@/server/engine/node-spec";
import { formTriggerConfig, type FormTriggerConfig } from "@/server/nodes/catalog/form-trigger";
import { deriveIdempotencyKey } from "@/server/triggers/idempotency";
import { validateSubmission, type FieldMessage } from "@/server/triggers/form-fields";
import { resolveTriggerTarget } from "./webhook-target";
import { storeTriggerEvent } from "./trigger-inbox";
import { FORM_NODE_TYPE } from "./webhook-endpoints";

export const HONEYPOT_FIELD = "company_website";

export type PublicForm = Pick<FormTriggerConfig, "title" | "intro" | "fields" | "submitLabel"> & { honeypotName: string };

export async function describeForm(db: Db, token: string, catalog: NodeCatalogLookup): Promise<{ ok: true; form: PublicForm } | { ok: false; status: number; message: string }> {
  const r = await resolveTriggerTarget(db, token, "production", catalog, FORM_NODE_TYPE);
  if (!r.ok) return { ok: false, status: r.status, message: r.status === 404 ? "This form does not exist." : "This form is not open right now." };
  const cfg = formTriggerConfig.parse(r.target.trigger.config);
  return { ok: true, form: { title: cfg.title, intro: cfg.intro, fields: cfg.fields, submitLabel: cfg.submitLabel, honeypotName: HONEYPOT_FIELD } };
}

export type SubmitAnswer =
  | { status: 200; thankYouMessage: string; redirectUrl: string | null }
  | { status: 422; message: string; errors: FieldMessage[] }
  | { status: 404 | 409; message: string };

export async function submitForm(db: Db, token: string, input: Record<string, unknown>, deps: { catalog: NodeCatalogLookup; now?: () => number }): Promise<SubmitAnswer> {
  const r = await resolveTriggerTarget(db, token, "production", deps.catalog, FORM_NODE_TYPE);
  if (!r.ok) return { status: r.status, message: r.status === 404 ? "This form does not exist." : "This form is not open right now." };
  const cfg = formTriggerConfig.parse(r.target.trigger.config);
  const thanks = { status: 200 as const, thankYouMessage: cfg.thankYouMessage, redirectUrl: cfg.redirectUrl || null };
  const checked = validateSubmission(cfg.fields, input, { honeypotName: HONEYPOT_FIELD });
  if (!checked.ok) {
    // A bot is told it succeeded, so it learns nothing; nothing is stored.
    if ("bot" in checked) return thanks;
    return { status: 422, message: "Please correct the highlighted fields.", errors: checked.errors };
  }
  const now = deps.now ?? Date.now;
  const canonical = new TextEncoder().encode(JSON.stringify(checked.values, Object.keys(checked.values).sort()));
  // The same answers twice within minutes (a double click, a reload) start one run.
  const key = deriveIdempotencyKey({ headers: new Headers(), rawBody: canonical, body: checked.values, nowMs: now(), config: { mode: "auto" } });
  const triggerData = { body: checked.values, form: cfg.title, receivedAt: new Date(now()).toISOString() };
  await storeTriggerEvent(db, r.target, "production", key, triggerData, deps);
  return thanks;
}
