"use client";
// One output handle of a node, with its label and a "+" button that adds a step connected to it.
// The error output is drawn distinctly (red diamond) so failure paths are visible at a glance.
// The "+" carries the class `step-add`: the canvas styles (app/globals.css) show it only on the
// step under the pointer, the selected step and the step holding keyboard focus, so a big
// workflow does not paint one per step (docs/decisions/0403-lighter-canvas-steps.md).
// Handles sit in the flow of their row instead of being absolutely positioned, and the row is
// positioned (class `step-row`) only while its "+" shows: each positioned or transformed element
// is one more paint layer that Chrome goes through on every frame of a drag, times 200 steps
// (docs/decisions/0404-layer-free-steps.md).
import { memo } from "react";
import { Handle, Position } from "@xyflow/react";
import { ERROR_HANDLE } from "@/server/engine/node-spec";
import { editor } from "@/components/editor/editor-store";

const LABELS: Record<string, string> = { main: "next", [ERROR_HANDLE]: "on error", true: "true", false: "false" };

interface Props {
  nodeId: string;
  nodeName: string;
  handle: string;
  labelled: boolean;
  /** The single main output, centred on the node's right edge instead of in a list row. */
  floating?: boolean;
  connected: boolean;
  readOnly: boolean;
  /** Zoomed out too far to read: no label, and the handle is there but not drawn (edges end at it). */
  far?: boolean;
}

/** The error output's diamond, drawn instead of a rotated square so the handle needs no transform. */
function ErrorDiamond() {
  return (
    <svg viewBox="0 0 12 12" aria-hidden="true" className="pointer-events-none block h-3 w-3 overflow-visible">
      <path d="M6-2.5 14.5 6 6 14.5-2.5 6z" fill="#fff" />
      <path d="M6 .35 11.65 6 6 11.65.35 6z" fill="#dc2626" />
    </svg>
  );
}

function OutputHandleView({ nodeId, nodeName, handle, labelled, floating, connected, readOnly, far }: Props) {
  const isError = handle === ERROR_HANDLE;
  const label = LABELS[handle] ?? handle;
  const plus = !readOnly && !connected && (
    <button
      type="button"
      className={`step-add nodrag nopan absolute -right-9 top-[calc(50%-0.625rem)] z-10 flex h-5 w-5 items-center justify-center rounded-full border text-xs leading-none shadow-sm ${isError ? "border-red-300 bg-white text-red-700 hover:bg-red-50" : "border-slate-300 bg-white text-slate-700 hover:bg-brand-50"}`}
      aria-label={`Add a step after ${nodeName} (${label})`}
      title={`Add a step to the "${label}" output`}
      onClick={(e) => {
        e.stopPropagation();
        editor.openQuickAdd({ nodeId, handle });
      }}
    >
      +
    </button>
  );
  // Centred on the step's right border: the row ends at the border's inner edge, the handle
  // (12 px) reaches 6 px past it.
  const handleEl = (
    <Handle
      type="source"
      position={Position.Right}
      id={handle}
      aria-label={`Output "${label}" of ${nodeName}`}
      className={`!static !h-3 !w-3 shrink-0 !transform-none ${floating ? "!-ml-1.5" : "!-mr-1.5"} ${isError || far ? "!rounded-none !border-0 !bg-transparent" : "!border-2 !border-white !bg-brand-600"}`}
    >
      {isError && !far && <ErrorDiamond />}
    </Handle>
  );
  if (floating) {
    return (
      <div className="step-row col-start-3 row-start-1 flex items-center">
        {handleEl}
        {plus}
      </div>
    );
  }
  return (
    // ml-1.5: clear of the input handle, which reaches 6 px into the step; this row is positioned
    // while its "+" shows and would otherwise take the pointer from it.
    <div className="step-row ml-1.5 flex h-6 items-center justify-end">
      {labelled && !far && <span className={`mr-1.5 text-[11px] font-medium ${isError ? "text-red-700" : "text-slate-600"}`}>{label}</span>}
      {handleEl}
      {plus}
    </div>
  );
}

export const OutputHandle = memo(OutputHandleView);
