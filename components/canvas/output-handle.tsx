"use client";
// One output handle of a node, with its label and a "+" button that adds a step connected to it.
// The error output is drawn distinctly (red diamond) so failure paths are visible at a glance.
// The "+" carries the class `step-add`: the canvas styles (app/globals.css) show it only on the
// step under the pointer, the selected step and the step holding keyboard focus, so a big
// workflow does not paint one per step (docs/decisions/0403-lighter-canvas-steps.md).
// Handles are placed with negative margins instead of React Flow's translate(): one transform
// less per handle for the browser to layerize on every frame of a drag.
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
}

function OutputHandleView({ nodeId, nodeName, handle, labelled, floating, connected, readOnly }: Props) {
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
  const handleEl = (
    <Handle
      type="source"
      position={Position.Right}
      id={handle}
      aria-label={`Output "${label}" of ${nodeName}`}
      className={`!z-10 !-mr-1.5 !-mt-1.5 !h-3 !w-3 !transform-none !border-2 !border-white ${isError ? "!rotate-45 !rounded-none !bg-red-600" : "!bg-brand-600"}`}
    />
  );
  if (floating) {
    return (
      <div className="absolute inset-y-0 right-0 flex items-center">
        <div className="relative h-full">
          {handleEl}
          {plus}
        </div>
      </div>
    );
  }
  return (
    <div className="relative flex h-6 items-center justify-end pr-3">
      {labelled && <span className={`text-[11px] font-medium ${isError ? "text-red-700" : "text-slate-600"}`}>{label}</span>}
      {handleEl}
      {plus}
    </div>
  );
}

export const OutputHandle = memo(OutputHandleView);
