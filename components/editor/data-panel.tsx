"use client";
// "Data from earlier steps": the fields of every upstream step's sample output. Clicking a field
// (or dragging it onto an input) inserts a reference to it into the last focused setting. The
// reference uses the step's stable id; the list shows names.
import { useMemo, type DragEvent } from "react";
import { useShallow } from "zustand/react/shallow";
import { definitionOf } from "@/components/editor/catalog";
import { REFERENCE_MIME } from "@/components/node-config/template-input";
import { useInsertTarget } from "@/components/node-config/insert-target";
import { useSampleData } from "@/components/node-config/sample-context";
import { editor, useEditorStore } from "./editor-store";
import { referenceExpression } from "./references";
import { flattenFields, upstreamOf } from "./sample-data";

export function DataPanel({ nodeId }: { nodeId: string }) {
  const upstream = useEditorStore(useShallow((s) => upstreamOf(nodeId, s.edges)));
  const nodes = useEditorStore(useShallow((s) => upstream.map((id) => s.nodes.find((n) => n.id === id)).filter((n) => n !== undefined).map((n) => `${n.id}\u0000${n.data.type}\u0000${n.data.name}`)));
  const target = useInsertTarget((s) => s.target);
  const { context } = useSampleData();
  const sources = useMemo(
    () =>
      nodes.map((key) => {
        const [id, type, name] = key.split("\u0000") as [string, string, string];
        const isTrigger = definitionOf(type)?.kind === "trigger";
        const sample = isTrigger ? context?.trigger : context?.steps[id];
        const source = isTrigger ? ({ kind: "trigger" } as const) : ({ kind: "step", nodeId: id } as const);
        return { id, name, source, fields: sample === undefined || sample === null ? null : flattenFields(sample) };
      }),
    [nodes, context],
  );

  const insert = (ref: string) => {
    const t = useInsertTarget.getState().target;
    if (!t) editor.notify("Click into a setting first, then pick the field to insert.");
    else t.insert(ref);
  };
  const onDragStart = (e: DragEvent, ref: string) => {
    e.dataTransfer.setData(REFERENCE_MIME, ref);
    e.dataTransfer.setData("text/plain", `{{ ${ref} }}`);
  };

  return (
    <section aria-labelledby="data-panel-title" className="border-t border-slate-200 bg-slate-50 p-3">
      <h3 id="data-panel-title" className="text-sm font-semibold text-slate-800">
        Data from earlier steps
      </h3>
      <p className="mb-2 text-xs text-slate-500">{target ? "Click a field to insert it where your cursor is." : "Click into a setting above, then click a field to insert it."}</p>
      {sources.length === 0 && <p className="text-sm text-slate-500">Connect this step after another step to use its data.</p>}
      <div className="space-y-2">
        {sources.map((s) => (
          <div key={s.id}>
            <p className="text-xs font-semibold text-slate-700">{s.name}</p>
            {s.fields === null ? (
              <p className="text-xs text-slate-500">
                No sample yet — run a test{s.source.kind === "trigger" ? ", or give the trigger sample data (test data, or Listen for a test event)" : ", or use Run this step on it"}.
              </p>
            ) : s.fields.length === 0 ? (
              <p className="text-xs text-slate-500">Empty output.</p>
            ) : (
              <ul className="mt-0.5 flex flex-wrap gap-1" aria-label={`Fields of ${s.name}`}>
                {s.fields.map((f) => {
                  const ref = referenceExpression(s.source, f.path);
                  const label = f.path.join(".");
                  return (
                    <li key={label}>
                      <button
                        type="button"
                        draggable
                        onDragStart={(e) => onDragStart(e, ref)}
                        onMouseDown={(e) => e.preventDefault() /* keep the caret in the input */}
                        onClick={() => insert(ref)}
                        aria-label={`Insert ${s.name} › ${label}`}
                        title={`${ref} = ${f.preview}`}
                        className="rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-[11px] text-slate-700 hover:border-brand-500 hover:bg-brand-50"
                      >
                        {label} <span className="text-slate-400">{f.preview}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
