"use client";
// What one step received and produced in the last test run (or the error it failed with).
import { useSampleData } from "@/components/node-config/sample-context";
import { inputOf, type RunStepView } from "./sample-data";

const STATUS_TEXT: Record<string, string> = { succeeded: "Succeeded", failed: "Failed", skipped: "Skipped (branch not taken)", running: "Running…", queued: "Queued", waiting: "Waiting", canceled: "Canceled" };

function Json({ label, value }: { label: string; value: unknown }) {
  return (
    <div>
      <h4 className="label">{label}</h4>
      <pre className="max-h-64 overflow-auto rounded-md bg-slate-900 p-2 text-xs text-slate-100">{value === undefined || value === null ? "—" : JSON.stringify(value, null, 2)}</pre>
    </div>
  );
}

export function RunResult({ step }: { step: RunStepView | undefined }) {
  const { nameOf } = useSampleData();
  if (!step) return <p className="p-4 text-sm text-slate-500">This step did not run in the last test run.</p>;
  const error = step.error as { message?: string; code?: string } | null;
  return (
    <div className="space-y-3 p-4" data-testid="run-result">
      <p className="text-sm">
        <span className="font-semibold">{STATUS_TEXT[step.status] ?? step.status}</span>
        {step.attempt > 1 && <span className="text-slate-500"> · attempt {step.attempt}</span>}
        {step.handle && step.handle !== "main" && <span className="text-slate-500"> · took the “{step.handle}” output</span>}
      </p>
      {error && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-sm text-red-900">
          {error.message ?? "Failed"}
          {error.code && <span className="ml-1 text-xs text-red-700">({error.code})</span>}
        </div>
      )}
      <Json label="Output" value={step.output} />
      <Json label="Input" value={inputOf(step, nameOf)} />
    </div>
  );
}
