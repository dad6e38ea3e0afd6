"use client";
// Keyboard shortcuts and clipboard. Keys typed into inputs are left alone; copy and paste use the
// browser's clipboard events (no permission prompt), carrying steps as graph JSON.
import { useEffect } from "react";
import { useReactFlow } from "@xyflow/react";
import { definitionOf } from "@/components/editor/catalog";
import { parseFragment, serializeFragment } from "@/components/canvas/clipboard";
import { editor, useEditorStore } from "./editor-store";

export interface ShortcutHandlers {
  onHelp(): void;
  onSave(): void;
  onTestRun(): void;
}

export const SHORTCUTS: Array<[keys: string, what: string]> = [
  ["Drag · Click", "Add a step from the list (click adds it after the selected step)"],
  ["Tab, Enter", "Move between steps, select a step"],
  ["Arrow keys", "Move the selected steps"],
  ["Shift + drag", "Select several steps with a box"],
  ["Ctrl + click", "Add a step to the selection"],
  ["Delete / Backspace", "Delete the selected steps and connections"],
  ["Ctrl + C / X / V", "Copy, cut, paste steps (also between workflows)"],
  ["Ctrl + D", "Duplicate the selected steps"],
  ["Ctrl + A", "Select all steps"],
  ["Ctrl + Z", "Undo"],
  ["Ctrl + Shift + Z · Ctrl + Y", "Redo"],
  ["L", "Tidy up (auto-layout)"],
  ["F", "Zoom to fit"],
  ["/", "Search the step list"],
  ["Ctrl + S", "Save now"],
  ["Ctrl + Enter", "Run a test"],
  ["Escape", "Clear the selection"],
  ["?", "Show this list"],
];

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT";
}

export function useShortcuts(h: ShortcutHandlers) {
  const { fitView, screenToFlowPosition } = useReactFlow();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "s") return void (e.preventDefault(), h.onSave());
      if (mod && e.key === "Enter") return void (e.preventDefault(), h.onTestRun());
      if (isTyping(e.target) || document.querySelector("dialog[open]")) return;
      if (mod && key === "z" && !e.shiftKey) return void (e.preventDefault(), editor.undo());
      if ((mod && key === "z" && e.shiftKey) || (mod && key === "y")) return void (e.preventDefault(), editor.redo());
      if (mod && key === "d") return void (e.preventDefault(), editor.duplicateSelection());
      if (mod && key === "a") return void (e.preventDefault(), editor.selectAll());
      if (mod || e.altKey) return;
      if (e.key === "Delete" || e.key === "Backspace") return void (e.preventDefault(), editor.deleteSelection());
      if (e.key === "Escape") return editor.select([]);
      if (e.key === "?") return void (e.preventDefault(), h.onHelp());
      if (key === "l") return void (editor.layout(), requestAnimationFrame(() => void fitView({ duration: 200, maxZoom: 1 })));
      if (key === "f") return void fitView({ duration: 200, maxZoom: 1 });
      if (e.key === "/") {
        e.preventDefault();
        const search = document.querySelector<HTMLInputElement>("[data-palette-search]");
        if (search) search.focus();
        else {
          document.querySelector<HTMLButtonElement>("[data-palette-toggle]")?.click();
          requestAnimationFrame(() => document.querySelector<HTMLInputElement>("[data-palette-search]")?.focus());
        }
      }
    };
    const onCopy = (e: ClipboardEvent, cut: boolean) => {
      if (isTyping(e.target) || window.getSelection()?.toString()) return;
      const frag = editor.selectionFragment();
      if (frag.nodes.length === 0) return;
      e.preventDefault();
      e.clipboardData?.setData("text/plain", serializeFragment(frag.nodes, frag.edges));
      editor.notify(`Copied ${frag.nodes.length} step${frag.nodes.length > 1 ? "s" : ""}`);
      if (cut) editor.deleteSelection();
    };
    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target) || useEditorStore.getState().readOnly) return;
      const text = e.clipboardData?.getData("text/plain") ?? "";
      e.preventDefault();
      const parsed = parseFragment(text, (t) => definitionOf(t) !== undefined);
      if (!parsed.ok) return editor.notify(parsed.reason);
      const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
      const at = pane ? screenToFlowPosition({ x: pane.left + pane.width / 3, y: pane.top + pane.height / 3 }) : { x: 0, y: 0 };
      editor.paste(parsed.fragment, at);
    };
    const copy = (e: ClipboardEvent) => onCopy(e, false);
    const cut = (e: ClipboardEvent) => onCopy(e, true);
    window.addEventListener("keydown", onKey);
    document.addEventListener("copy", copy);
    document.addEventListener("cut", cut);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKey);
      document.removeEventListener("copy", copy);
      document.removeEventListener("cut", cut);
      document.removeEventListener("paste", onPaste);
    };
  }, [h, fitView, screenToFlowPosition]);
}
