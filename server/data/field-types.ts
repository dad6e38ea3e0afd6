/**
 * Field definitions of a data table: the one declaration from which validation, normalization,
 * the unique key and (later) the field editor form are derived. Labels and help texts live in
 * `.meta()` so a form generator can walk the schema without a second description.
 *
 * Client-safe: no server imports here.
 */
import { z } from "zod";
import type { CountryCode } from "libphonenumber-js";
import { getCountries } from "libphonenumber-js";

export const FIELD_TYPES = [
  "text",
  "long_text",
  "number",
  "boolean",
  "datetime",
  "email",
  "phone",
  "url",
  "single_select",
  "multi_select",
  "json",
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Human names of the types, for the field editor and for messages. */
export const FIELD_TYPE_LABELS: Record<FieldType, string> = {
  text: "Text",
  long_text: "Long text",
  number: "Number",
  boolean: "Yes / no",
  datetime: "Date / time",
  email: "E-mail",
  phone: "Phone",
  url: "Web address",
  single_select: "Single select",
  multi_select: "Multi select",
  json: "JSON",
};

const countryCodes = new Set<string>(getCountries());
export const countryCodeSchema = z
  .string()
  .refine((c): c is CountryCode => countryCodes.has(c), { message: "Unknown country code" })
  .meta({ title: "Default country", description: "Used for phone numbers written without +country code, e.g. GB, US, DE." });

/** Field keys become JSON keys and later SQL-side expressions; keep them boring. */
export const fieldKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, "Use lower-case letters, digits and _ and start with a letter")
  .meta({ title: "Key", description: "Stable name used in flows and expressions, e.g. email or company_name." });

const base = {
  key: fieldKeySchema,
  label: z.string().trim().min(1).max(100).meta({ title: "Label", description: "Name shown to people." }),
  helpText: z.string().max(500).optional().meta({ title: "Help text", description: "Shown under the input." }),
  required: z.boolean().default(false).meta({ title: "Required", description: "A record without a value is refused." }),
  indexed: z
    .boolean()
    .optional()
    .meta({
      title: "Fast sorting and filtering",
      description: "Keeps an index so that sorting and filtering by this field stay fast on large tables. Makes writes a little slower.",
    }),
};

const textNormalizeSchema = z
  .object({
    trim: z.boolean().default(true).meta({ title: "Trim spaces at both ends" }),
    collapseSpaces: z.boolean().default(false).meta({ title: "Collapse repeated spaces into one" }),
    case: z.enum(["none", "lower", "upper", "title"]).default("none").meta({ title: "Letter case" }),
  })
  .meta({ title: "Clean-up" });

const textValidationSchema = z
  .object({
    minLength: z.int().min(0).optional().meta({ title: "Minimum length" }),
    maxLength: z.int().min(1).optional().meta({ title: "Maximum length" }),
    pattern: z
      .string()
      .max(200)
      .refine(isValidRegex, { message: "Not a valid pattern" })
      .optional()
      .meta({ title: "Pattern", description: "Regular expression the whole value must match." }),
    patternMessage: z.string().max(200).optional().meta({ title: "Message when the pattern does not match" }),
    allowedValues: z.array(z.string()).min(1).optional().meta({ title: "Allowed values" }),
  })
  .meta({ title: "Rules" });

function isValidRegex(p: string): boolean {
  try {
    new RegExp(p, "u");
    return true;
  } catch {
    return false;
  }
}

const textField = z
  .object({
    ...base,
    type: z.literal("text"),
    default: z.string().optional().meta({ title: "Default value" }),
    normalize: textNormalizeSchema.default({ trim: true, collapseSpaces: false, case: "none" }),
    validation: textValidationSchema.default({}),
  })
  .meta({ title: FIELD_TYPE_LABELS.text });

const longTextField = z
  .object({
    ...base,
    type: z.literal("long_text"),
    default: z.string().optional().meta({ title: "Default value" }),
    normalize: textNormalizeSchema.default({ trim: true, collapseSpaces: false, case: "none" }),
    validation: textValidationSchema.default({}),
  })
  .meta({ title: FIELD_TYPE_LABELS.long_text });

const numberField = z
  .object({
    ...base,
    type: z.literal("number"),
    default: z.number().optional().meta({ title: "Default value" }),
    validation: z
      .object({
        min: z.number().optional().meta({ title: "Minimum" }),
        max: z.number().optional().meta({ title: "Maximum" }),
        integer: z.boolean().default(false).meta({ title: "Whole numbers only" }),
      })
      .default({ integer: false }),
  })
  .meta({ title: FIELD_TYPE_LABELS.number });

const booleanField = z
  .object({ ...base, type: z.literal("boolean"), default: z.boolean().optional().meta({ title: "Default value" }) })
  .meta({ title: FIELD_TYPE_LABELS.boolean });

const datetimeField = z
  .object({
    ...base,
    type: z.literal("datetime"),
    default: z.string().optional().meta({ title: "Default value", description: "An ISO 8601 date, e.g. 2025-01-31." }),
    dateOnly: z.boolean().default(false).meta({ title: "Date only (no time)" }),
    dateOrder: z
      .enum(["DMY", "MDY"])
      .optional()
      .meta({ title: "Order of day and month", description: "How to read 03/04/2025: day first (DMY) or month first (MDY)." }),
    timeZone: z
      .string()
      .default("UTC")
      .refine(isValidTimeZone, { message: "Unknown time zone" })
      .meta({ title: "Time zone", description: "Times written without a zone are read in this zone." }),
    validation: z
      .object({
        min: z.string().optional().meta({ title: "Earliest (ISO 8601)" }),
        max: z.string().optional().meta({ title: "Latest (ISO 8601)" }),
      })
      .default({}),
  })
  .meta({ title: FIELD_TYPE_LABELS.datetime });

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const emailField = z
  .object({ ...base, type: z.literal("email"), default: z.string().optional().meta({ title: "Default value" }) })
  .meta({ title: FIELD_TYPE_LABELS.email, description: "Stored trimmed and in lower case, so duplicates are found." });

const phoneField = z
  .object({
    ...base,
    type: z.literal("phone"),
    default: z.string().optional().meta({ title: "Default value" }),
    defaultCountry: countryCodeSchema.default("US"),
  })
  .meta({ title: FIELD_TYPE_LABELS.phone, description: "Stored in international format (E.164), e.g. +442079460958." });

const urlField = z
  .object({ ...base, type: z.literal("url"), default: z.string().optional().meta({ title: "Default value" }) })
  .meta({ title: FIELD_TYPE_LABELS.url, description: "http or https; https:// is added when missing." });

const optionsSchema = z
  .array(z.string().trim().min(1).max(100))
  .min(1)
  .max(500)
  .refine((o) => new Set(o.map((x) => x.toLowerCase())).size === o.length, { message: "Choices must be different" })
  .meta({ title: "Choices" });

const singleSelectField = z
  .object({
    ...base,
    type: z.literal("single_select"),
    options: optionsSchema,
    default: z.string().optional().meta({ title: "Default choice" }),
  })
  .meta({ title: FIELD_TYPE_LABELS.single_select });

const multiSelectField = z
  .object({
    ...base,
    type: z.literal("multi_select"),
    options: optionsSchema,
    default: z.array(z.string()).optional().meta({ title: "Default choices" }),
    validation: z
      .object({
        minItems: z.int().min(0).optional().meta({ title: "At least this many choices" }),
        maxItems: z.int().min(1).optional().meta({ title: "At most this many choices" }),
      })
      .default({}),
  })
  .meta({ title: FIELD_TYPE_LABELS.multi_select });

const jsonField = z
  .object({ ...base, type: z.literal("json"), default: z.json().optional().meta({ title: "Default value" }) })
  .meta({ title: FIELD_TYPE_LABELS.json });

export const fieldDefSchema = z.discriminatedUnion("type", [
  textField,
  longTextField,
  numberField,
  booleanField,
  datetimeField,
  emailField,
  phoneField,
  urlField,
  singleSelectField,
  multiSelectField,
  jsonField,
]);
export type FieldDef = z.output<typeof fieldDefSchema>;
export type FieldDefInput = z.input<typeof fieldDefSchema>;
export type FieldDefOf<T extends FieldType> = Extract<FieldDef, { type: T }>;

/** Types that can be part of a unique key: values with one obvious textual identity. */
export const KEYABLE_TYPES: ReadonlySet<FieldType> = new Set(["text", "number", "datetime", "email", "phone", "url", "single_select"]);

export const tableDefSchema = z
  .object({
    name: z.string().trim().min(1).max(100).meta({ title: "Table name" }),
    description: z.string().max(1000).optional().meta({ title: "Description" }),
    fields: z.array(fieldDefSchema).min(1).max(200).meta({ title: "Fields" }),
    uniqueKey: z
      .array(fieldKeySchema)
      .min(1)
      .max(5)
      .optional()
      .meta({
        title: "Unique key",
        description: "Fields that identify a record, compared after clean-up (e.g. E-mail). Records with the same key are duplicates.",
      }),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.fields.forEach((f, i) => {
      if (seen.has(f.key)) ctx.addIssue({ code: "custom", path: ["fields", i, "key"], message: `Two fields use the key '${f.key}'` });
      seen.add(f.key);
    });
    (t.uniqueKey ?? []).forEach((k, i) => {
      const f = t.fields.find((x) => x.key === k);
      if (!f) ctx.addIssue({ code: "custom", path: ["uniqueKey", i], message: `The unique key names '${k}', which is not a field` });
      else if (!KEYABLE_TYPES.has(f.type))
        ctx.addIssue({ code: "custom", path: ["uniqueKey", i], message: `${f.label} (${FIELD_TYPE_LABELS[f.type]}) cannot be part of a unique key` });
    });
    if (t.uniqueKey && new Set(t.uniqueKey).size !== t.uniqueKey.length)
      ctx.addIssue({ code: "custom", path: ["uniqueKey"], message: "A field appears twice in the unique key" });
  })
  .meta({ title: "Table" });
export type TableDef = z.output<typeof tableDefSchema>;
export type TableDefInput = z.input<typeof tableDefSchema>;

/** Parse a table definition, throwing a ZodError when it is invalid. */
export function defineTable(input: TableDefInput): TableDef {
  return tableDefSchema.parse(input);
}
