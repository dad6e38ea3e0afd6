"use client";
// The editor's top bar: where you are, whether your work is saved, what is live, and the actions.
import { useReactFlow } from "@xyflow/react";
import { editor, useEditorStore } from "./editor-store";
import { SaveIndicator } from "./save-indicator";
import type { RunView } from "./sample-data";

interface Props {
  name: string;
  liveVersion: number | null;
  unpublished: boolean;
  run: RunView | null | undefined;
  running: boolean;
  runIsLive: boolean;
  onTestRun(): void;
  onPublish(): void;
  onVersions(): void;
  onHelp(): void;
}

const RUN_TEXT: Record<string, string> = { queued: "Test run queued…", running: "Test run in progress…", waiting: "Test run waiting…", succeeded: "Test run succeeded", failed: "Test run failed", canceled: "Test run canceled" };

export function EditorHeader({ name, liveVersion, unpublished, run, running, runIsLive, onTestRun, onPublish, onVersions, onHelp }: Props) {
  const canUndo = useEditorStore((s) => s.past.length > 0);
  const canRedo = useEditorStore((s) => s.future.length > 0);
  const readOnly = useEditorStore((s) => s.readOnly);
  const { fitView } = useReactFlow();
  return (
    <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-slate-200 bg-white px-4 py-2">
      <h1 className="max-w-[16rem] truncate text-lg font-semibold text-slate-900" title={name}>
        {name}
      </h1>
      {readOnly ? <span className="rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-600">View only</span> : <SaveIndicator />}
      {liveVersion !== null ? (
        <span className="rounded bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800" data-testid="live-version">
          Live: version {liveVersion}
        </span>
      ) : (
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">Not published yet</span>
      )}
      {liveVersion !== null && unpublished && <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-800">Unpublished changes</span>}
      {run && (
        <span role="status" className={`text-xs font-medium ${run.status === "failed" ? "text-red-700" : run.status === "succeeded" ? "text-emerald-700" : "text-slate-600"}`} data-testid="run-state">
          {runIsLive ? RUN_TEXT[run.status] ?? run.status : `Last test: ${run.status}`}
        </span>
      )}
      <div className="ml-auto flex items-center gap-1">
        {!readOnly && (
          <>
            <button type="button" className="btn-ghost px-2 py-1.5" onClick={editor.undo} disabled={!canUndo} aria-label="Undo" title="Undo (Ctrl+Z)">
              ↶
            </button>
            <button type="button" className="btn-ghost px-2 py-1.5" onClick={editor.redo} disabled={!canRedo} aria-label="Redo" title="Redo (Ctrl+Shift+Z)">
              ↷
            </button>
            <button type="button" className="btn-ghost px-2 py-1.5" onClick={() => (editor.layout(), requestAnimationFrame(() => void fitView({ duration: 200, maxZoom: 1 })))} title="Arrange the steps neatly (L)">
              Tidy up
            </button>
          </>
        )}
        <button type="button" className="btn-ghost px-2 py-1.5" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
        <button type="button" className="btn-ghost px-2 py-1.5" onClick={onVersions}>
          Versions
        </button>
        {!readOnly && (
          <>
            <button type="button" className="btn-secondary py-1.5" onClick={onTestRun} disabled={running} title="Run the draft with the trigger's test data (Ctrl+Enter)">
              {running ? "Running…" : "▶ Test run"}
            </button>
            <button type="button" className="btn-primary py-1.5" onClick={onPublish}>
              Publish
            </button>
          </>
        )}
      </div>
    </header>
  );
}
