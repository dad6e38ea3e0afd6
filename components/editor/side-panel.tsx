"use client";
// The right-hand column: the selected step's settings with the data panel under them, or its
// result in the last test run. With nothing selected, a short guide.
import { useDeferredValue, useState } from "react";
import { editor, useEditorStore } from "./editor-store";
import { NodeSettings } from "./node-settings";
import { DataPanel } from "./data-panel";
import { RunResult } from "./run-result";
import { latestStepByNode, type RunView } from "./sample-data";
import type { ExpressionContext } from "@/server/engine/expression";

export function SidePanel({ run, onRunStep }: { run: RunView | null | undefined; onRunStep: (nodeId: string, context: ExpressionContext | null) => void }) {
  // Deferred: selecting a step (e.g. at the start of a drag) must not wait for the form to render.
  const selectedId = useDeferredValue(useEditorStore((s) => s.selectedId));
  const data = useEditorStore((s) => (selectedId ? s.nodes.find((n) => n.id === selectedId)?.data : undefined));
  const multi = useEditorStore((s) => (s.selectedId ? 0 : s.nodes.reduce((n, x) => n + (x.selected ? 1 : 0), 0)));
  const [tab, setTab] = useState<"settings" | "run">("settings");
  const step = selectedId ? latestStepByNode(run).get(selectedId) : undefined;

  if (!selectedId || !data) {
    return (
      <aside aria-label="Step settings" className="w-[340px] shrink-0 overflow-y-auto border-l border-slate-200 bg-white p-4 text-sm text-slate-600">
        {multi > 1 ? (
          <>
            <p className="font-medium text-slate-800">{multi} steps selected</p>
            <p className="mt-1">Drag to move them together, press Ctrl+D to duplicate, Ctrl+C to copy or Delete to remove them.</p>
            <button type="button" className="btn-danger mt-3" onClick={() => editor.deleteSelection()}>
              Delete {multi} steps
            </button>
          </>
        ) : (
          <>
            <p className="font-medium text-slate-800">Select a step to change its settings.</p>
            <ul className="mt-2 list-disc space-y-1 pl-5">
              <li>Every workflow starts with a trigger (Triggers in the list on the left).</li>
              <li>Connect steps by dragging from a dot on the right of a step to another step, or with the “+” that appears beside a step you point at or select.</li>
              <li>Run a test to see the data each step produces, then click fields to use them in later steps.</li>
              <li>Press ? for keyboard shortcuts.</li>
            </ul>
          </>
        )}
      </aside>
    );
  }
  const showRun = tab === "run";
  return (
    <aside aria-label="Step settings" className="flex w-[340px] shrink-0 flex-col border-l border-slate-200 bg-white">
      <div role="tablist" aria-label="Step panels" className="flex border-b border-slate-200 text-sm">
        {(["settings", "run"] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={`flex-1 px-3 py-2 font-medium ${tab === t ? "border-b-2 border-brand-600 text-brand-700" : "text-slate-600 hover:bg-slate-50"}`}
            onClick={() => setTab(t)}
          >
            {t === "settings" ? "Settings" : `Test result${step ? "" : " (none)"}`}
          </button>
        ))}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" role="tabpanel">
        {showRun ? <RunResult step={step} /> : <NodeSettings key={selectedId} nodeId={selectedId} data={data} onRunStep={onRunStep} />}
      </div>
      {!showRun && (
        <div className="max-h-[38%] shrink-0 overflow-y-auto">
          <DataPanel nodeId={selectedId} />
        </div>
      )}
    </aside>
  );
}
