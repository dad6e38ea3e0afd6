"use client";
// Sample data for expression previews and reference names, provided by the editor: the last test
// run's outputs or the pinned trigger test data.
import { createContext, useContext } from "react";
import type { ExpressionContext } from "@/server/engine/expression";
import type { FieldSuggestion } from "./suggestions";

export interface SampleData {
  /** null until there is any sample (no test run yet and no pinned test data). */
  context: ExpressionContext | null;
  nameOf(nodeId: string): string | undefined;
  /** Fields of the selected step's upstream steps, for autocomplete. */
  fields: FieldSuggestion[];
}

export const SampleDataContext = createContext<SampleData>({ context: null, nameOf: () => undefined, fields: [] });

export function useSampleData(): SampleData {
  return useContext(SampleDataContext);
}
