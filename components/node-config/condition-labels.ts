// How condition operators read in the condition builder and, shortened, in a step's summary.
import type { ConditionOperator } from "@/server/engine/conditions";

export const CONDITION_OPERATOR_LABELS: Record<ConditionOperator, string> = {
  equals: "is equal to",
  notEquals: "is not equal to",
  gt: "is greater than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  contains: "contains",
  notContains: "does not contain",
  startsWith: "starts with",
  endsWith: "ends with",
  isEmpty: "is empty",
  isNotEmpty: "is not empty",
  isTrue: "is true",
  isFalse: "is false",
};

/** Comparisons as symbols, the rest as words: the one-line summary under a step's name. */
export const CONDITION_OPERATOR_SHORT: Record<ConditionOperator, string> = {
  ...CONDITION_OPERATOR_LABELS,
  equals: "=",
  notEquals: "≠",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
};
