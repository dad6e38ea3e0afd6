"use client";
// Per-step retries, timeout and what happens after the last failed attempt.
import { useId } from "react";
import type { StepData } from "@/components/canvas/flow-types";
import { editor } from "./editor-store";

export function ErrorHandlingSettings({ nodeId, data, canFail, sideEffect, readOnly }: { nodeId: string; data: StepData; canFail: boolean; sideEffect: boolean; readOnly: boolean }) {
  const id = useId();
  const attempts = data.retry?.maxAttempts;
  return (
    <details className="rounded-md border border-slate-200 p-3" open={sideEffect && !attempts && !data.onError}>
      <summary className="cursor-pointer text-sm font-medium text-slate-800">Errors and retries</summary>
      <div className="mt-3 space-y-3">
        <div>
          <label htmlFor={`${id}-attempts`} className="label">
            Attempts
          </label>
          <input
            id={`${id}-attempts`}
            type="number"
            min={1}
            max={20}
            className="input"
            value={attempts ?? ""}
            placeholder="1 (no retry)"
            readOnly={readOnly}
            onChange={(e) => {
              const n = e.target.value === "" ? undefined : Math.min(20, Math.max(1, Math.round(Number(e.target.value))));
              editor.updateNode(nodeId, { retry: n ? { ...data.retry, maxAttempts: n } : undefined });
            }}
          />
          <p className="mt-1 text-xs text-slate-500">Failed attempts are retried with a growing pause.</p>
        </div>
        {canFail && (
          <div>
            <label htmlFor={`${id}-onerror`} className="label">
              When it still fails
            </label>
            <select id={`${id}-onerror`} className="input" value={data.onError ?? "fail"} disabled={readOnly} onChange={(e) => editor.updateNode(nodeId, { onError: e.target.value === "fail" ? undefined : "continue" })}>
              <option value="fail">Stop the run (or follow the “on error” output if connected)</option>
              <option value="continue">Continue with the error as data</option>
            </select>
          </div>
        )}
        <div>
          <label htmlFor={`${id}-timeout`} className="label">
            Timeout (seconds)
          </label>
          <input
            id={`${id}-timeout`}
            type="number"
            min={1}
            max={3600}
            className="input"
            value={data.timeoutMs ? data.timeoutMs / 1000 : ""}
            placeholder="Default"
            readOnly={readOnly}
            onChange={(e) => editor.updateNode(nodeId, { timeoutMs: e.target.value === "" ? undefined : Math.min(3_600_000, Math.max(1000, Math.round(Number(e.target.value) * 1000))) })}
          />
        </div>
      </div>
    </details>
  );
}
