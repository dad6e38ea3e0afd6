"use client";
// Shown when someone else saved the draft after this editor loaded it. Nothing is overwritten
// until the user chooses; their own version can be copied first, so nothing is lost either way.
import { serializeFragment } from "@/components/canvas/clipboard";
import { editor, useEditorStore } from "./editor-store";

export function ConflictBanner({ onOverwrite }: { onOverwrite: () => void }) {
  const save = useEditorStore((s) => s.save);
  if (save.state !== "conflict") return null;
  const copyMine = async () => {
    const g = editor.graph();
    await navigator.clipboard?.writeText(serializeFragment(g.nodes, g.edges)).then(
      () => editor.notify("Your version is on the clipboard: paste it after reloading."),
      () => editor.notify("Could not use the clipboard here."),
    );
  };
  return (
    <div role="alert" className="flex flex-wrap items-center gap-3 border-b border-red-200 bg-red-50 px-4 py-2 text-sm text-red-900">
      <p className="flex-1">
        <strong>Your latest changes are not saved.</strong> {save.message ?? "Someone else saved this workflow after you opened it."}
      </p>
      <button type="button" className="btn-secondary py-1" onClick={copyMine}>
        Copy my version
      </button>
      <button type="button" className="btn-secondary py-1" onClick={() => window.location.reload()}>
        Load their version
      </button>
      <button type="button" className="btn-danger py-1" onClick={() => confirm("Replace the saved draft with your version? Their changes will be replaced.") && onOverwrite()}>
        Keep mine (overwrite)
      </button>
    </div>
  );
}
