"use client";
// The settings of the selected step: name, generated config form, notes, error handling and its
// connections (so connecting is possible from the keyboard, too).
import { useId } from "react";
import { definitionOf } from "@/components/editor/catalog";
import type { StepData } from "@/components/canvas/flow-types";
import { NodeIcon } from "@/components/canvas/node-icons";
import { CATEGORY_STYLE } from "@/components/canvas/step-node";
import { ConfigForm } from "@/components/node-config/config-form";
import { editor, useEditorStore } from "./editor-store";
import { NodeConnections } from "./node-connections";
import { ErrorHandlingSettings } from "./error-handling-settings";
import { TriggerUrls } from "./trigger-urls";
import { StepRunBar } from "./step-run";
import type { ExpressionContext } from "@/server/engine/expression";

export function NodeSettings({ nodeId, data, onRunStep }: { nodeId: string; data: StepData; onRunStep: (nodeId: string, context: ExpressionContext | null) => void }) {
  const def = definitionOf(data.type);
  const readOnly = useEditorStore((s) => s.readOnly);
  const duplicate = useEditorStore((s) => s.nodes.some((n) => n.id !== nodeId && n.data.name === data.name));
  const nameId = useId();
  const notesId = useId();
  const nameError = !data.name.trim() ? "Give the step a name" : duplicate ? "Another step has this name; names must be unique" : undefined;
  if (!def) return <p className="p-4 text-sm text-red-700">Unknown step type “{data.type}”. Delete it or install the module that provides it.</p>;
  return (
    <div className="space-y-5 p-4">
      <div className="flex items-center gap-2">
        <span className={`flex h-8 w-8 items-center justify-center rounded-md ${CATEGORY_STYLE[def.category]}`}>
          <NodeIcon name={def.icon} />
        </span>
        <div className="min-w-0">
          <p className="text-sm font-semibold text-slate-900">{def.label}</p>
          <p className="truncate text-xs text-slate-500" title="The stable id used in references; it never changes when you rename the step">
            id: <code>{nodeId}</code>
          </p>
        </div>
      </div>
      <div>
        <label htmlFor={nameId} className="label">
          Step name
        </label>
        <input
          id={nameId}
          className="input"
          value={data.name}
          readOnly={readOnly}
          maxLength={200}
          aria-invalid={nameError ? true : undefined}
          aria-describedby={nameError ? `${nameId}-error` : undefined}
          onChange={(e) => editor.updateNode(nodeId, { name: e.target.value })}
        />
        {nameError && (
          <p id={`${nameId}-error`} className="field-error">
            {nameError}
          </p>
        )}
      </div>
      {(def.help ?? def.description) && <p className="rounded-md bg-slate-50 p-2 text-xs text-slate-600">{def.help ?? def.description}</p>}
      <StepRunBar nodeId={nodeId} type={data.type} onRun={onRunStep} />
      {(data.type === "trigger.webhook" || data.type === "trigger.form") && (
        <TriggerUrls nodeId={nodeId} type={data.type} config={data.config} />
      )}
      <ConfigForm nodeId={nodeId} def={def} config={data.config} readOnly={readOnly} onChange={(config) => editor.updateNode(nodeId, { config })} />
      <div>
        <label htmlFor={notesId} className="label">
          Notes
        </label>
        <textarea
          id={notesId}
          rows={3}
          className="input"
          value={data.notes}
          readOnly={readOnly}
          placeholder="Why this step exists, who to ask… Shown on the step and in the generated docs."
          onChange={(e) => editor.updateNode(nodeId, { notes: e.target.value })}
        />
      </div>
      {def.kind !== "note" && def.kind !== "trigger" && <ErrorHandlingSettings nodeId={nodeId} data={data} canFail={def.canFail} sideEffect={def.sideEffect} readOnly={readOnly} />}
      {def.kind !== "note" && <NodeConnections nodeId={nodeId} config={data.config} />}
      {!readOnly && (
        <button type="button" className="btn-danger w-full" onClick={() => (editor.select([nodeId]), editor.deleteSelection())}>
          Delete step
        </button>
      )}
    </div>
  );
}
