"use client";
import { useEditorStore } from "./editor-store";

const TEXT = { saved: "Saved", saving: "Saving…", unsaved: "Unsaved changes", conflict: "Not saved: conflict", error: "Not saved — retrying" } as const;
const STYLE = { saved: "text-emerald-700", saving: "text-slate-500", unsaved: "text-amber-700", conflict: "text-red-700", error: "text-red-700" } as const;

export function SaveIndicator() {
  const save = useEditorStore((s) => s.save);
  return (
    <span role="status" aria-live="polite" className={`text-sm ${STYLE[save.state]}`} title={save.message ?? `Draft revision ${save.draftRevision}`} data-testid="save-state">
      {save.state === "saved" ? "✓ " : ""}
      {TEXT[save.state]}
      {save.state === "saved" && <span className="ml-1 text-xs text-slate-400">rev. {save.draftRevision}</span>}
    </span>
  );
}
