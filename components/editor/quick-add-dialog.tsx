"use client";
// The picker behind a handle's "+": choose a step type; it is added and connected to that output.
import { useId, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { StepList } from "./palette";
import { editor, useEditorStore } from "./editor-store";

export function QuickAddDialog({ onPick }: { onPick(type: string, from: { nodeId: string; handle: string }): void }) {
  const from = useEditorStore((s) => s.quickAddFrom);
  const fromName = useEditorStore((s) => (s.quickAddFrom ? s.nodes.find((n) => n.id === s.quickAddFrom!.nodeId)?.data.name : undefined));
  const [query, setQuery] = useState("");
  const id = useId();
  const close = () => {
    editor.openQuickAdd(null);
    setQuery("");
  };
  return (
    <Dialog open={from !== null} onClose={close} title={`Add a step after “${fromName ?? ""}”${from && from.handle !== "main" ? ` (${from.handle})` : ""}`}>
      <label htmlFor={id} className="sr-only">
        Search steps
      </label>
      <input id={id} type="search" className="input" placeholder="Search steps…" value={query} onChange={(e) => setQuery(e.target.value)} autoFocus />
      <div className="mt-3 max-h-80 overflow-y-auto">
        <StepList
          query={query}
          draggable={false}
          connectable
          onPick={(type) => {
            if (from) onPick(type, from);
            close();
          }}
        />
      </div>
    </Dialog>
  );
}
