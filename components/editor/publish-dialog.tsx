"use client";
// Publish: freeze the saved draft as the next version, with an optional note. Errors found by the
// linter block it here already; the server checks again with the same rules.
import { useId, useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { Dialog } from "@/components/ui/dialog";
import { errorDetails, useTRPC } from "@/components/trpc/client";
import { editor, useEditorStore } from "./editor-store";

interface Props {
  open: boolean;
  onClose(): void;
  workflowId: string;
  nextVersion: number;
  saveNow(): Promise<boolean>;
  onPublished(version: number): void;
}

export function PublishDialog({ open, onClose, workflowId, nextVersion, saveNow, onPublished }: Props) {
  const trpc = useTRPC();
  const id = useId();
  const [note, setNote] = useState("");
  const [error, setError] = useState<string | null>(null);
  const issues = useEditorStore((s) => s.issues);
  const blocking = issues.filter((i) => i.severity === "error");
  const publish = useMutation(trpc.workflow.publish.mutationOptions());

  const submit = async () => {
    setError(null);
    if (!(await saveNow())) return setError("The draft could not be saved, so it cannot be published yet.");
    try {
      const r = await publish.mutateAsync({ id: workflowId, note: note.trim() || undefined, baseRevision: useEditorStore.getState().save.draftRevision });
      setNote("");
      onPublished(r.version);
      onClose();
      editor.notify(`Published version ${r.version}. Production runs now use it.`);
    } catch (e) {
      setError(errorDetails(e).message);
    }
  };

  return (
    <Dialog open={open} onClose={onClose} title={`Publish version ${nextVersion}`}>
      {blocking.length > 0 ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">Fix these problems first — publishing would make them live:</p>
          <ul className="max-h-48 space-y-1 overflow-y-auto text-sm">
            {blocking.slice(0, 8).map((i, n) => (
              <li key={n}>
                <button type="button" className="text-left text-red-800 underline-offset-2 hover:underline" onClick={() => (i.nodeId && editor.select([i.nodeId]), onClose())}>
                  {i.message}
                </button>
              </li>
            ))}
          </ul>
          <div className="flex justify-end">
            <button type="button" className="btn-secondary" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      ) : (
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <p className="text-sm text-slate-600">Production triggers will run this version. You can keep editing the draft afterwards; it stays private until you publish again.</p>
          <div>
            <label htmlFor={`${id}-note`} className="label">
              What changed? (optional)
            </label>
            <textarea id={`${id}-note`} rows={3} maxLength={1000} className="input" value={note} onChange={(e) => setNote(e.target.value)} placeholder="e.g. Big orders now go to the sales team" />
          </div>
          {issues.length > 0 && <p className="text-xs text-amber-700">{issues.length} warning{issues.length > 1 ? "s" : ""} — they do not block publishing.</p>}
          {error && (
            <p role="alert" className="field-error">
              {error}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <button type="button" className="btn-secondary" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn-primary" disabled={publish.isPending}>
              {publish.isPending ? "Publishing…" : "Publish"}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
