"use client";
// The linter's findings as a list under the canvas; clicking one selects and shows its step.
import { useState } from "react";
import { useReactFlow } from "@xyflow/react";
import { editor, useEditorStore } from "./editor-store";

export function ProblemsPanel() {
  const issues = useEditorStore((s) => s.issues);
  const [open, setOpen] = useState(true);
  const { fitView } = useReactFlow();
  const errors = issues.filter((i) => i.severity === "error").length;
  const warnings = issues.length - errors;
  const show = (nodeId?: string) => {
    if (!nodeId) return;
    editor.select([nodeId]);
    void fitView({ nodes: [{ id: nodeId }], duration: 250, maxZoom: 1 });
  };
  return (
    <section aria-label="Problems" className="shrink-0 border-t border-slate-200 bg-white">
      <button type="button" className="flex w-full items-center gap-3 px-4 py-1.5 text-left text-sm font-medium text-slate-700 hover:bg-slate-50" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span>{open ? "▾" : "▸"} Problems</span>
        {issues.length === 0 ? (
          <span className="text-xs font-normal text-emerald-700">No problems found</span>
        ) : (
          <span className="text-xs font-normal">
            {errors > 0 && <span className="text-red-700">{errors} error{errors > 1 ? "s" : ""} (block publishing)</span>}
            {errors > 0 && warnings > 0 && " · "}
            {warnings > 0 && <span className="text-amber-700">{warnings} warning{warnings > 1 ? "s" : ""}</span>}
          </span>
        )}
      </button>
      {open && issues.length > 0 && (
        <ul className="max-h-36 overflow-y-auto border-t border-slate-100 text-sm" data-testid="problems-list">
          {issues.map((i, n) => (
            <li key={`${i.code}-${i.nodeId ?? ""}-${i.path ?? ""}-${n}`}>
              <button type="button" className="flex w-full items-start gap-2 px-4 py-1 text-left hover:bg-slate-50 disabled:cursor-default" disabled={!i.nodeId} onClick={() => show(i.nodeId)}>
                <span className={`mt-0.5 rounded px-1 text-[10px] font-bold uppercase ${i.severity === "error" ? "bg-red-100 text-red-800" : "bg-amber-100 text-amber-800"}`}>{i.severity}</span>
                <span className="text-slate-700">{i.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
