"use client";
// The one node renderer for every node type: icon, name, one-line config summary, lint badge,
// run status and handles, all read from the catalogue. Memoized; the overlays come from narrow
// store selectors so a lint pass or a run update re-renders only the nodes it changes.
// Big workflows put 200 of these on screen, so each paints little: no transforms on the handles,
// no clip on the icon, "+" buttons only where they can be used (docs/decisions/0403); no paint
// layers of its own (handles in the flow of a grid, nothing positioned), and only the name and icon
// when zoomed out too far to read the rest (docs/decisions/0404). Apart from its handles (React
// Flow's own), a step does not subscribe to React Flow's store, which changes on every drag and pan
// frame: the zoom level comes through context, connections from the editor store (docs/decisions/0405).
import { memo, useEffect, useMemo, useRef } from "react";
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from "@xyflow/react";
import { useShallow } from "zustand/react/shallow";
import { definitionOf } from "@/components/editor/catalog";
import { ERROR_HANDLE, handlesOf } from "@/server/engine/node-spec";
import type { NodeCategory } from "@/server/nodes/define-node";
import { useEditorStore } from "@/components/editor/editor-store";
import { connectedOutputs } from "@/components/editor/connected-outputs";
import type { StepNode, StepRunStatus } from "./flow-types";
import { summarizeConfig } from "./config-summary";
import { NodeIcon } from "./node-icons";
import { OutputHandle } from "./output-handle";
import { useCanvasMode } from "./canvas-context";
import { useZoomedOut } from "./far-context";

export const CATEGORY_STYLE: Record<NodeCategory, string> = {
  Triggers: "bg-emerald-100 text-emerald-800",
  Logic: "bg-violet-100 text-violet-800",
  Data: "bg-sky-100 text-sky-800",
  Integrations: "bg-amber-100 text-amber-800",
  Notifications: "bg-rose-100 text-rose-800",
};

const STATUS: Record<StepRunStatus, { label: string; chip: string; ring: string }> = {
  queued: { label: "Queued", chip: "bg-slate-100 text-slate-700", ring: "ring-slate-300" },
  running: { label: "Running…", chip: "bg-blue-100 text-blue-800 animate-pulse", ring: "ring-blue-400" },
  waiting: { label: "Waiting", chip: "bg-amber-100 text-amber-800", ring: "ring-amber-400" },
  succeeded: { label: "Succeeded", chip: "bg-green-100 text-green-800", ring: "ring-green-500" },
  failed: { label: "Failed", chip: "bg-red-100 text-red-800", ring: "ring-red-500" },
  skipped: { label: "Skipped", chip: "bg-slate-100 text-slate-500", ring: "ring-slate-200" },
  canceled: { label: "Canceled", chip: "bg-slate-100 text-slate-500", ring: "ring-slate-200" },
  notrun: { label: "Not run", chip: "bg-slate-100 text-slate-500", ring: "ring-slate-200" },
};

const NOTE_COLORS: Record<string, string> = {
  yellow: "bg-yellow-100 border-yellow-300",
  blue: "bg-blue-50 border-blue-200",
  green: "bg-green-50 border-green-200",
  pink: "bg-pink-50 border-pink-200",
  gray: "bg-slate-100 border-slate-300",
};

function StepNodeView({ id, data, selected }: NodeProps<StepNode>) {
  const def = definitionOf(data.type);
  const mode = useCanvasMode();
  // One store subscription per node: with 1,000 nodes every extra subscription is another 1,000
  // selector calls on each store update. (Without overlays, an old version, nothing is editable
  // and which outputs are connected does not matter.)
  const [status, issue, storeReadOnly, connectedKey] = useEditorStore(
    useShallow((s) => (mode.overlays ? [s.runStatus[id], s.issuesByNode[id], s.readOnly, connectedOutputs(s.edges, id)] : [undefined, undefined, true, ""])),
  );
  const readOnly = storeReadOnly || mode.readOnly;
  const connected = useMemo(() => new Set(connectedKey.split("|")), [connectedKey]);
  const summary = useMemo(() => summarizeConfig(def, data.config), [def, data.config]);
  const outputs = useMemo(() => (def && def.kind !== "note" ? handlesOf(def, data.config) : []), [def, data.config]);
  const handleKey = outputs.join("|");
  const far = useZoomedOut();
  const updateInternals = useUpdateNodeInternals();
  const shownHandles = useRef(handleKey);
  // Switch routes come from the config: tell React Flow when the set of handles changes (not on
  // mount — React Flow measures new nodes itself, and 1,000 mount-time updates cost seconds).
  useEffect(() => {
    if (shownHandles.current === handleKey) return;
    shownHandles.current = handleKey;
    updateInternals(id);
  }, [id, handleKey, updateInternals]);

  if (def?.kind === "note") {
    const color = NOTE_COLORS[String(data.config.color ?? "yellow")] ?? NOTE_COLORS.yellow;
    return (
      <div className={`w-60 rounded-md border p-3 text-sm text-slate-800 shadow-sm ${color} ${selected ? "ring-2 ring-brand-500" : ""}`}>
        <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{data.name}</p>
        <p className="whitespace-pre-wrap">{String(data.config.text ?? "") || "Empty note"}</p>
      </div>
    );
  }

  const st = status ? STATUS[status] : undefined;
  const main = outputs.filter((h) => h !== ERROR_HANDLE);
  const branched = main.length > 1 || (main.length === 1 && main[0] !== "main");
  // Both drawings have the same size and handle positions, so switching needs no new layout of
  // the graph and edges keep their anchors. The grid puts the handles on the left and right
  // borders without positioning them; the input handle comes after the body so it paints over the
  // rows' divider line.
  return (
    <div
      data-status={status ?? "idle"}
      data-testid={`node-${data.name}`}
      data-far={far || undefined}
      className={`grid w-60 grid-cols-[0_minmax(0,1fr)_0] rounded-lg border bg-white ${far ? "" : "shadow-sm"} ${selected ? "border-brand-500 ring-2 ring-brand-500" : st ? `border-transparent ring-2 ${st.ring}` : "border-slate-300"}`}
    >
      <div className="col-start-2 row-start-1">
        <div className="flex items-start gap-2 p-2.5">
          <span className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md ${def ? CATEGORY_STYLE[def.category] : "bg-slate-100 text-slate-600"}`}>
            <NodeIcon name={def?.icon ?? "box"} className="h-4 w-4 overflow-visible" />
          </span>
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-1">
              <p className="truncate text-sm font-semibold text-slate-900">{data.name}</p>
              {data.notes && !far && (
                <span title={data.notes} className="text-xs text-slate-400" aria-label="Has notes">
                  ✎
                </span>
              )}
            </div>
            {far ? <div className="h-4" /> : <p className="truncate text-xs text-slate-500">{summary || def?.label}</p>}
          </div>
        </div>
        {(branched || outputs.includes(ERROR_HANDLE)) && (
          <div className={`border-t py-1 ${far ? "border-transparent" : "border-slate-100"}`}>
            {outputs.map((h) => (
              <OutputHandle key={h} nodeId={id} nodeName={data.name} handle={h} labelled connected={connected.has(h)} readOnly={readOnly} far={far} />
            ))}
          </div>
        )}
      </div>
      {def?.kind !== "trigger" && (
        <Handle type="target" position={Position.Left} id="in" aria-label={`Input of ${data.name}`} className={`col-start-1 row-start-1 !static !-ml-1.5 !h-3 !w-3 self-center !transform-none ${far ? "!border-0 !bg-transparent" : "!border-2 !border-white !bg-slate-500"}`} />
      )}
      {!branched && main.length === 1 && !outputs.includes(ERROR_HANDLE) && <OutputHandle nodeId={id} nodeName={data.name} handle="main" labelled={false} floating connected={connected.has("main")} readOnly={readOnly} far={far} />}
      {issue && (
        <span
          title={issue.first}
          aria-label={`${issue.errors ? `${issue.errors} error${issue.errors > 1 ? "s" : ""}` : `${issue.warnings} warning${issue.warnings > 1 ? "s" : ""}`}: ${issue.first}`}
          className={`absolute -left-2 -top-2 z-10 flex h-5 min-w-5 items-center justify-center rounded-full px-1 text-xs font-bold text-white ${issue.errors ? "bg-red-600" : "bg-amber-500"}`}
          data-testid="node-issue-badge"
        >
          {issue.errors || issue.warnings}
        </span>
      )}
      {st && !far && <span className={`absolute -top-2.5 right-2 z-10 rounded-full px-2 py-0.5 text-[11px] font-medium shadow-sm ${st.chip}`}>{st.label}</span>}
    </div>
  );
}

export const StepNodeMemo = memo(StepNodeView);

/** Module-level and stable: React Flow re-mounts every node when this object changes identity. */
export const nodeTypes = { step: StepNodeMemo };
