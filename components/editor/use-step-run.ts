"use client";
// "Run this step": saves the draft, sends the selected step's upstream sample data (what the
// mapping panel shows) to the server, and keeps each step's latest result here. Successful
// outputs become sample data for the steps after it, like a test run's outputs; a new test run
// starts from a clean slate.
import { useCallback } from "react";
import { create } from "zustand";
import { useMutation } from "@tanstack/react-query";
import { useTRPC, errorDetails } from "@/components/trpc/client";
import type { SingleStepResult } from "@/server/services/single-step-run";
import type { ExpressionContext } from "@/server/engine/expression";
import { useEditorStore } from "./editor-store";
import { upstreamOf } from "./sample-data";

export type StepRunView = SingleStepResult & { at: number };

interface StepRunState {
  results: Record<string, StepRunView>;
  /** Refusals before the step ran (no upstream data, not saved…), by node. */
  refused: Record<string, string>;
  running: string | null;
}

export const useStepRuns = create<StepRunState>(() => ({ results: {}, refused: {}, running: null }));

export function clearStepRuns(): void {
  useStepRuns.setState({ results: {}, refused: {}, running: null });
}

/** Outputs of single steps that succeeded, for the sample context. */
export function stepRunOutputs(results: Record<string, StepRunView>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [id, r] of Object.entries(results)) if (r.status === "succeeded") out.set(id, r.output);
  return out;
}

export function useStepRun(workflowId: string, saveNow: () => Promise<boolean>) {
  const trpc = useTRPC();
  const mutation = useMutation(trpc.run.step.mutationOptions());
  const { mutateAsync } = mutation;

  const runStep = useCallback(
    async (nodeId: string, context: ExpressionContext | null) => {
      const set = (patch: Partial<StepRunState>) => useStepRuns.setState(patch);
      const refuse = (message: string) => set({ running: null, refused: { ...useStepRuns.getState().refused, [nodeId]: message } });
      const { [nodeId]: _old, ...refused } = useStepRuns.getState().refused;
      set({ running: nodeId, refused });
      if (!(await saveNow())) return refuse("The draft could not be saved, so the step cannot run. See the message at the top.");
      const steps: Record<string, unknown> = {};
      for (const id of upstreamOf(nodeId, useEditorStore.getState().edges)) {
        const v = context?.steps[id];
        if (v !== undefined) steps[id] = v;
      }
      try {
        const r = await mutateAsync({ workflowId, nodeId, trigger: context?.trigger ?? undefined, steps });
        set({ running: null, results: { ...useStepRuns.getState().results, [nodeId]: { ...r, at: Date.now() } } });
      } catch (e) {
        refuse(errorDetails(e).message);
      }
    },
    [mutateAsync, saveNow, workflowId],
  );
  return runStep;
}
