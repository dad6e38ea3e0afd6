"use client";
// Whether the canvas is zoomed out too far to read a step's text. One React Flow store subscription
// for the whole canvas, handed to the steps through context: React Flow calls every subscription's
// selector on each drag and pan frame, and one per step was 200-1,000 calls a frame for a boolean
// that changes only when the zoom crosses FAR_ZOOM (docs/decisions/0405).
import { createContext, useContext, type ReactNode } from "react";
import { useStore, type ReactFlowState } from "@xyflow/react";

/** Below this zoom a step's text is under 5 px tall and a handle under 4 px wide: steps draw only
 * their box, icon and name. The handles stay (transparent) for edges, hit testing and screen readers. */
export const FAR_ZOOM = 0.35;
const zoomedOut = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

const FarContext = createContext(false);

/** Goes inside a ReactFlowProvider, around <ReactFlow>. */
export function ZoomLevel({ children }: { children: ReactNode }) {
  const far = useStore(zoomedOut);
  return <FarContext.Provider value={far}>{children}</FarContext.Provider>;
}

export function useZoomedOut(): boolean {
  return useContext(FarContext);
}
