/**
 * Hosted form trigger: the field list (what the public page renders and the server re-checks)
 * and `validateSubmission`. Server-side validation is the real gate; the page's client-side
 * checks are a convenience. Values are cleaned the same way as data-table fields (e-mail lower
 * case, phone E.164), so a form can feed a table without a Normalize step.
 */
import { z } from "zod";
import { countryCodeSchema } from "@/server/data/field-types";
import { parseNumber } from "@/server/data/coerce-field";
import { collapseSpaces, normalizeEmail, normalizePhone, trimText } from "@/server/data/normalize";

const base = {
  name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, "Use lower-case letters, digits and _").meta({ title: "Field name", description: "Key in the submission data." }),
  label: z.string().trim().min(1).max(200).meta({ title: "Label" }),
  required: z.boolean().default(false).meta({ title: "Required" }),
  placeholder: z.string().max(200).optional().meta({ title: "Placeholder" }),
  helpText: z.string().max(500).optional().meta({ title: "Help text" }),
};

export const formFieldSchema = z.discriminatedUnion("type", [
  z.object({ ...base, type: z.literal("text"), maxLength: z.int().min(1).max(1000).default(200).meta({ title: "Maximum length" }) }).meta({ title: "Text" }),
  z.object({ ...base, type: z.literal("long_text"), maxLength: z.int().min(1).max(20_000).default(5000).meta({ title: "Maximum length" }) }).meta({ title: "Long text" }),
  z.object({ ...base, type: z.literal("email") }).meta({ title: "E-mail" }),
  z.object({ ...base, type: z.literal("phone"), defaultCountry: countryCodeSchema.default("US") }).meta({ title: "Phone" }),
  z
    .object({
      ...base,
      type: z.literal("number"),
      min: z.number().optional().meta({ title: "Minimum" }),
      max: z.number().optional().meta({ title: "Maximum" }),
      integer: z.boolean().default(false).meta({ title: "Whole numbers only" }),
    })
    .meta({ title: "Number" }),
  z.object({ ...base, type: z.literal("select"), options: z.array(z.string().trim().min(1).max(200)).min(1).max(200).meta({ title: "Choices" }) }).meta({ title: "Choice" }),
  z
    .object({ ...base, type: z.literal("consent"), required: z.boolean().default(true).meta({ title: "Must be ticked" }) })
    .meta({ title: "Consent checkbox", description: "The label is the consent text, e.g. 'I agree to be contacted about my request'." }),
]);
export type FormField = z.output<typeof formFieldSchema>;

export const formDefSchema = z
  .object({
    fields: z.array(formFieldSchema).min(1).max(50),
    /** A hidden input people never see; bots that fill every input fill this one too. */
    honeypotName: z.string().regex(/^[a-z][a-z0-9_]*$/).default("company_website"),
    submitLabel: z.string().max(50).default("Send"),
    thankYouMessage: z.string().max(1000).default("Thank you! We received your message."),
    redirectUrl: z.url({ protocol: /^https?$/ }).optional().meta({ title: "Redirect after submit" }),
  })
  .superRefine((f, ctx) => {
    const names = f.fields.map((x) => x.name);
    names.forEach((n, i) => {
      if (names.indexOf(n) !== i) ctx.addIssue({ code: "custom", path: ["fields", i, "name"], message: `Two fields are named '${n}'` });
      if (n === f.honeypotName) ctx.addIssue({ code: "custom", path: ["fields", i, "name"], message: "A field uses the honeypot's name" });
    });
  });
export type FormDef = z.output<typeof formDefSchema>;

export type FieldMessage = { field: string; message: string };
export type SubmissionResult =
  | { ok: true; values: Record<string, string | number | boolean> }
  | { ok: false; errors: FieldMessage[] }
  /** Answer the bot as if it worked (so it learns nothing) and start no execution. */
  | { ok: false; bot: true; reason: "honeypot" | "too_fast" };

export type SubmissionOptions = {
  honeypotName?: string;
  /** When the page was rendered (from a signed hidden field) and now; submissions faster than `minFillMs` are bots. */
  renderedAtMs?: number;
  nowMs?: number;
  minFillMs?: number;
};

function single(v: unknown): unknown {
  // Form posts repeat a key when a field is duplicated in the page; take the last value.
  return Array.isArray(v) ? v.at(-1) : v;
}

const TICKED = new Set(["on", "true", "yes", "1", "checked"]);

function checkField(f: FormField, raw: unknown): { value?: string | number | boolean; message?: string } {
  const v = single(raw);
  if (f.type === "consent") {
    const ticked = v === true || (typeof v === "string" && TICKED.has(v.trim().toLowerCase()));
    if (!ticked && f.required) return { message: "Please tick this box to continue" };
    return { value: ticked };
  }
  const s = typeof v === "string" ? trimText(v) : typeof v === "number" ? String(v) : v === undefined || v === null ? "" : null;
  if (s === null) return { message: "Please enter text here" };
  if (s === "") return f.required ? { message: "Please fill in this field" } : {};
  switch (f.type) {
    case "text":
    case "long_text": {
      const text = f.type === "text" ? collapseSpaces(s) : s;
      return [...text].length > f.maxLength ? { message: `Please use at most ${f.maxLength} characters` } : { value: text };
    }
    case "email": {
      const r = normalizeEmail(s);
      return r.ok ? { value: r.value } : { message: "Please enter a valid e-mail address, like name@example.com" };
    }
    case "phone": {
      const r = normalizePhone(s, f.defaultCountry);
      return r.ok ? { value: r.value } : { message: "Please enter a valid phone number" };
    }
    case "number": {
      const r = parseNumber(s);
      if (!r.ok) return { message: "Please enter a number" };
      if (f.integer && !Number.isInteger(r.value)) return { message: "Please enter a whole number" };
      if (f.min !== undefined && r.value < f.min) return { message: `Please enter ${f.min} or more` };
      if (f.max !== undefined && r.value > f.max) return { message: `Please enter ${f.max} or less` };
      return { value: r.value };
    }
    case "select": {
      const hit = f.options.find((o) => o === s) ?? f.options.find((o) => o.toLowerCase() === s.toLowerCase());
      return hit !== undefined ? { value: hit } : { message: "Please choose one of the options" };
    }
  }
}

/**
 * Check a submission against the field list. Unknown keys are dropped (a form post carries
 * tokens and the honeypot); they never reach the flow, so a visitor cannot inject extra data.
 */
export function validateSubmission(fields: FormField[], input: Record<string, unknown>, opts: SubmissionOptions = {}): SubmissionResult {
  const hp = single(input[opts.honeypotName ?? "company_website"]);
  if (typeof hp === "string" ? hp.trim() !== "" : hp !== undefined && hp !== null) return { ok: false, bot: true, reason: "honeypot" };
  if (opts.renderedAtMs !== undefined && opts.nowMs !== undefined && opts.nowMs - opts.renderedAtMs < (opts.minFillMs ?? 2000)) {
    return { ok: false, bot: true, reason: "too_fast" };
  }
  const values: Record<string, string | number | boolean> = {};
  const errors: FieldMessage[] = [];
  for (const f of fields) {
    const own = Object.prototype.hasOwnProperty.call(input, f.name) ? input[f.name] : undefined;
    const r = checkField(f, own);
    if (r.message) errors.push({ field: f.name, message: r.message });
    else if (r.value !== undefined) values[f.name] = r.value;
  }
  return errors.length ? { ok: false, errors } : { ok: true, values };
}
