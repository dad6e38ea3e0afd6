"use client";
// The "Run this step" bar on a selected step: runs only this step on the data of the steps
// before it, and shows what it produced (or why it failed) right under the button.
import { useState } from "react";
import { definitionOf } from "@/components/editor/catalog";
import { useSampleData } from "@/components/node-config/sample-context";
import type { ExpressionContext } from "@/server/engine/expression";
import { useEditorStore } from "./editor-store";
import { useStepRuns } from "./use-step-run";

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <h4 className="label">{label}</h4>
      <pre className="max-h-48 overflow-auto rounded-md bg-slate-900 p-2 text-xs text-slate-100">{value === undefined || value === null ? "—" : JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}

export function StepRunBar({ nodeId, type, onRun }: { nodeId: string; type: string; onRun: (nodeId: string, context: ExpressionContext | null) => void }) {
  const def = definitionOf(type);
  const readOnly = useEditorStore((s) => s.readOnly);
  const { context } = useSampleData();
  const result = useStepRuns((s) => s.results[nodeId]);
  const refused = useStepRuns((s) => s.refused[nodeId]);
  const running = useStepRuns((s) => s.running === nodeId);
  const busy = useStepRuns((s) => s.running !== null);
  const [showInput, setShowInput] = useState(false);
  if (!def || def.kind === "trigger" || def.kind === "note" || readOnly) return null;
  const error = result?.status === "failed" ? result.error : null;
  return (
    <section aria-label="Run this step" className="space-y-2 rounded-md border border-slate-200 bg-slate-50 p-3">
      <div className="flex items-center gap-2">
        <button type="button" className="btn-secondary shrink-0 px-3 py-1 text-sm" disabled={busy} onClick={() => onRun(nodeId, context)}>
          {running ? "Running…" : "Run this step"}
        </button>
        <p className="text-xs text-slate-600">Runs only this step, on the data from earlier steps shown below.</p>
      </div>
      {def.sideEffect && <p className="text-xs text-amber-800">This step really sends or saves data when it runs, also on its own.</p>}
      {refused && (
        <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-2 text-sm text-amber-900">
          {refused}
        </p>
      )}
      {result && !running && (
        <div className="space-y-2" data-testid="step-run-result">
          <p className="text-sm">
            <span className="font-semibold">{result.status === "succeeded" ? "Step succeeded" : result.status === "failed" ? "Step failed" : "Not run on its own"}</span>
            <span className="text-slate-500"> · {result.durationMs} ms</span>
            {result.status === "succeeded" && result.handle !== "main" && <span className="text-slate-500"> · took the “{result.handle}” output</span>}
          </p>
          {error && (
            <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-900">
              {error.message}
              {error.code && <span className="ml-1 text-xs text-red-700">({error.code})</span>}
            </div>
          )}
          {result.status === "not_run" && <p className="rounded-md bg-white p-2 text-sm text-slate-700">{result.message}</p>}
          {result.status === "succeeded" && <Json label="Output" value={result.output} />}
          <button type="button" className="btn-ghost px-1 py-0 text-xs" aria-expanded={showInput} onClick={() => setShowInput((v) => !v)}>
            {showInput ? "Hide the input it received" : "Show the input it received"}
          </button>
          {showInput && <Json label="Input" value={result.input} />}
        </div>
      )}
    </section>
  );
}
