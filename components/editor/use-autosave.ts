"use client";
// Debounced autosave with optimistic concurrency: every save names the revision it started from;
// if someone else saved meanwhile the server refuses and the editor stops saving and says so —
// it never overwrites a colleague's work silently.
import { useEffect, useState } from "react";
import { useTRPCClient } from "@/components/trpc/client";
import { editor, useEditorStore } from "./editor-store";

const DEBOUNCE_MS = 800;
const RETRY_MS = 5000;

type Client = ReturnType<typeof useTRPCClient>;

function createAutosaver(client: Client, workflowId: string) {
  let savedCount = useEditorStore.getState().editCount;
  let inflight: Promise<boolean> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void saveNow(), ms);
  };

  async function saveNow(): Promise<boolean> {
    clearTimeout(timer);
    while (inflight) await inflight;
    const s = useEditorStore.getState();
    if (s.readOnly || s.save.state === "conflict") return false;
    const count = s.editCount;
    if (count === savedCount) return true;
    editor.setSave({ state: "saving", message: undefined });
    inflight = client.workflow.saveDraft.mutate({ id: workflowId, graph: editor.graph(), baseRevision: s.save.draftRevision }).then(
      (r) => {
        savedCount = count;
        const dirty = useEditorStore.getState().editCount !== count;
        editor.setSave({ state: dirty ? "unsaved" : "saved", draftRevision: r.draftRevision });
        return true;
      },
      (err: { data?: { code?: string }; message?: string }) => {
        if (err?.data?.code === "CONFLICT") editor.setSave({ state: "conflict", message: err.message });
        else {
          editor.setSave({ state: "error", message: err?.message ?? "Could not save" });
          schedule(RETRY_MS);
        }
        return false;
      },
    );
    const ok = await inflight;
    inflight = null;
    if (ok && useEditorStore.getState().editCount !== savedCount) schedule(DEBOUNCE_MS);
    return ok;
  }

  /** After a conflict: take the server's revision and save this version over it (an explicit choice). */
  async function overwrite(): Promise<boolean> {
    const current = await client.workflow.get.query({ id: workflowId });
    editor.setSave({ state: "unsaved", draftRevision: current.draftRevision, message: undefined });
    savedCount = -1;
    return saveNow();
  }

  function start(): () => void {
    const unsubscribe = useEditorStore.subscribe((s, prev) => {
      if (s.editCount === prev.editCount || s.readOnly) return;
      if (s.save.state === "saved") editor.setSave({ state: "unsaved" });
      if (s.save.state !== "conflict") schedule(DEBOUNCE_MS);
    });
    const beforeUnload = (e: BeforeUnloadEvent) => {
      const st = useEditorStore.getState().save.state;
      if (st === "unsaved" || st === "saving" || st === "error") e.preventDefault();
    };
    window.addEventListener("beforeunload", beforeUnload);
    return () => {
      unsubscribe();
      clearTimeout(timer);
      window.removeEventListener("beforeunload", beforeUnload);
    };
  }

  return { saveNow, overwrite, start };
}

export function useAutosave(workflowId: string) {
  const client = useTRPCClient();
  const [saver] = useState(() => createAutosaver(client, workflowId));
  useEffect(() => saver.start(), [saver]);
  return { saveNow: saver.saveNow, overwrite: saver.overwrite };
}
