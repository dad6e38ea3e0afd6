/**
 * The grid's and the Find node's query language, as data: filters (field, operator, value), a
 * sort and a keyset cursor. Client-safe and database-free; the SQL is built from it in
 * server/services/data-tables/row-sql.ts.
 */
import { z } from "zod";
import type { FieldDef, FieldType } from "./field-types";

export const FILTER_OPERATORS = [
  "eq",
  "neq",
  "contains",
  "not_contains",
  "starts_with",
  "gt",
  "gte",
  "lt",
  "lte",
  "is_empty",
  "is_not_empty",
  "in",
] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

/** Words for the filter menu; non-technical users read these. */
export const FILTER_OPERATOR_LABELS: Record<FilterOperator, string> = {
  eq: "is",
  neq: "is not",
  contains: "contains",
  not_contains: "does not contain",
  starts_with: "starts with",
  gt: "is more than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  is_empty: "is empty",
  is_not_empty: "is not empty",
  in: "is one of",
};

const ORDERED: ReadonlySet<FieldType> = new Set(["number", "datetime"]);
const TEXTUAL: ReadonlySet<FieldType> = new Set(["text", "long_text", "email", "phone", "url", "single_select", "json"]);

/** Which operators make sense for a field type (the filter menu and the service both use it). */
export function operatorsFor(type: FieldType): FilterOperator[] {
  const ops: FilterOperator[] = ["is_empty", "is_not_empty"];
  if (type === "json") return [...ops, "contains", "not_contains"];
  if (type === "multi_select") return [...ops, "contains", "not_contains"];
  if (type === "boolean") return ["eq", "neq", ...ops];
  ops.unshift("eq", "neq", "in");
  if (ORDERED.has(type)) ops.push("gt", "gte", "lt", "lte");
  if (TEXTUAL.has(type)) ops.push("contains", "not_contains", "starts_with");
  if (type === "text" || type === "single_select" || type === "email") ops.push("gt", "lt");
  return ops;
}

export const rowFilterSchema = z.object({
  field: z.string().min(1).max(63).meta({ label: "Field" }),
  op: z.enum(FILTER_OPERATORS).meta({ label: "Operator", widget: "select" }),
  value: z.unknown().optional().meta({ label: "Value", template: true }),
});
export type RowFilter = z.output<typeof rowFilterSchema>;

/** `_id` sorts by insertion order. */
export const rowSortSchema = z.object({
  field: z.string().min(1).max(63),
  direction: z.enum(["asc", "desc"]).default("asc"),
});
export type RowSort = z.output<typeof rowSortSchema>;

export const MAX_PAGE = 1000;

export const findRowsInputSchema = z.object({
  filters: z.array(rowFilterSchema).max(20).default([]),
  /** Free text matched anywhere in the record, ignoring case. */
  search: z.string().max(200).optional(),
  sort: rowSortSchema.optional(),
  limit: z.int().min(1).max(MAX_PAGE).default(100),
  /** Opaque keyset cursor from the previous page. */
  cursor: z.string().max(25_000).nullish(),
});
export type FindRowsInput = z.input<typeof findRowsInputSchema>;
export type FindRowsQuery = z.output<typeof findRowsInputSchema>;

/** Keyset position: the sort value of the last row (null when empty) and its id. */
export type Cursor = { v: unknown; id: number };

/** Plain JSON: the client treats it as opaque, and it must work in browsers and Node alike. */
export function encodeCursor(c: Cursor): string {
  return JSON.stringify(c);
}

export function decodeCursor(s: string): Cursor | null {
  try {
    const c = JSON.parse(s) as Cursor;
    if (typeof c !== "object" || c === null || !Number.isSafeInteger(c.id)) return null;
    if (!("v" in c)) return null;
    return c;
  } catch {
    return null;
  }
}

/** How a field's value is compared and sorted in SQL. */
export type SortKind = "numeric" | "boolean" | "bytes" | "text";
export function sortKindOf(f: FieldDef): SortKind {
  if (f.type === "number") return "numeric";
  if (f.type === "boolean") return "boolean";
  // ISO 8601 dates, e-mails, E.164 phones and URLs have one canonical spelling: byte order is right and fastest.
  if (f.type === "datetime" || f.type === "email" || f.type === "phone" || f.type === "url") return "bytes";
  return "text";
}
