"use client";
// A step's outgoing connections as a list: see, remove and add them without a mouse.
import { useId, useMemo } from "react";
import { useShallow } from "zustand/react/shallow";
import { definitionOf } from "@/components/editor/catalog";
import { handlesOf } from "@/server/engine/node-spec";
import { editor, useEditorStore } from "./editor-store";

const LABEL: Record<string, string> = { main: "Next", error: "On error" };

export function NodeConnections({ nodeId, config }: { nodeId: string; config: Record<string, unknown> }) {
  const type = useEditorStore((s) => s.nodes.find((n) => n.id === nodeId)?.data.type);
  const readOnly = useEditorStore((s) => s.readOnly);
  const outgoing = useEditorStore(useShallow((s) => s.edges.filter((e) => e.source === nodeId)));
  const targets = useEditorStore(useShallow((s) => s.nodes.filter((n) => n.id !== nodeId).map((n) => `${n.id}\u0000${n.data.name}`)));
  const id = useId();
  const def = type ? definitionOf(type) : undefined;
  const handles = useMemo(() => (def ? handlesOf(def, config) : []), [def, config]);
  const nameOf = (nid: string) => targets.find((t) => t.startsWith(`${nid}\u0000`))?.split("\u0000")[1] ?? nid;
  if (handles.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} className="label">
        Connections
      </h3>
      <ul className="space-y-2">
        {handles.map((h) => {
          const list = outgoing.filter((e) => (e.sourceHandle ?? "main") === h);
          return (
            <li key={h} className="rounded-md border border-slate-200 p-2 text-sm">
              <p className={`text-xs font-semibold ${h === "error" ? "text-red-700" : "text-slate-600"}`}>{LABEL[h] ?? h}</p>
              {list.map((e) => (
                <div key={e.id} className="mt-1 flex items-center justify-between gap-2">
                  <span className="truncate">→ {nameOf(e.target)}</span>
                  {!readOnly && (
                    <button type="button" className="btn-ghost px-1.5 py-0.5 text-xs" aria-label={`Disconnect ${nameOf(e.target)} from ${LABEL[h] ?? h}`} onClick={() => editor.removeEdges([e.id])}>
                      Disconnect
                    </button>
                  )}
                </div>
              ))}
              {!readOnly && (
                <select
                  aria-label={`Connect ${LABEL[h] ?? h} output to`}
                  className="input mt-1 py-1 text-xs"
                  value=""
                  onChange={(e) => e.target.value && editor.connect({ source: nodeId, sourceHandle: h, target: e.target.value, targetHandle: "in" })}
                >
                  <option value="">Connect to…</option>
                  {targets.map((t) => {
                    const [tid, name] = t.split("\u0000") as [string, string];
                    return (
                      <option key={tid} value={tid}>
                        {name}
                      </option>
                    );
                  })}
                </select>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
