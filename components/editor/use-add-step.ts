"use client";
// Where a step added by click goes: after the selected step (connected to its first free output)
// or, with nothing selected, in the middle of the visible canvas, nudged off other steps.
import { useCallback } from "react";
import { useReactFlow } from "@xyflow/react";
import { definitionOf } from "@/components/editor/catalog";
import { ERROR_HANDLE, handlesOf } from "@/server/engine/node-spec";
import { editor, useEditorStore } from "./editor-store";

export function useAddStep() {
  const { screenToFlowPosition, setCenter, getZoom } = useReactFlow();
  /** Pans to a new step placed outside the visible canvas, so the user sees what happened. */
  const reveal = useCallback(
    (p: { x: number; y: number }) => {
      const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
      if (!pane) return;
      const tl = screenToFlowPosition({ x: pane.left, y: pane.top });
      const br = screenToFlowPosition({ x: pane.right, y: pane.bottom });
      const inside = p.x >= tl.x && p.y >= tl.y && p.x + 240 <= br.x && p.y + 80 <= br.y;
      if (!inside) void setCenter(p.x + 120, p.y + 40, { zoom: getZoom(), duration: 250 });
    },
    [screenToFlowPosition, setCenter, getZoom],
  );
  return useCallback(
    (type: string, from?: { nodeId: string; handle: string }) => {
      const s = useEditorStore.getState();
      const newKind = definitionOf(type)?.kind;
      const anchorId = from?.nodeId ?? s.selectedId;
      const anchor = anchorId ? s.nodes.find((n) => n.id === anchorId) : undefined;
      const anchorDef = anchor && definitionOf(anchor.data.type);
      if (anchor && anchorDef && anchorDef.kind !== "note" && newKind !== "trigger" && newKind !== "note") {
        const outs = handlesOf(anchorDef, anchor.data.config).filter((h) => h !== ERROR_HANDLE || from?.handle === ERROR_HANDLE);
        const used = new Set(s.edges.filter((e) => e.source === anchor.id).map((e) => e.sourceHandle ?? "main"));
        const handle = from?.handle ?? outs.find((h) => !used.has(h));
        if (handle) {
          const index = Math.max(0, outs.indexOf(handle));
          const y = anchor.position.y + (outs.length > 1 ? (index - (outs.length - 1) / 2) * 130 : 0);
          const at = { x: anchor.position.x + 320, y };
          reveal(at);
          return editor.addNode(type, at, { nodeId: anchor.id, handle });
        }
      }
      const pane = document.querySelector(".react-flow")?.getBoundingClientRect();
      const centre = pane ? screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 }) : { x: 0, y: 0 };
      const p = { x: centre.x - 120, y: centre.y - 40 };
      while (s.nodes.some((n) => Math.abs(n.position.x - p.x) < 60 && Math.abs(n.position.y - p.y) < 40)) p.y += 110;
      return editor.addNode(type, p);
    },
    [screenToFlowPosition, reveal],
  );
}
