"use client";
// Fits the view once the viewport is ready (React Flow's onInit) and the loaded nodes have been
// measured; fitting earlier is silently ignored and leaves the graph off to the side.
import { useEffect, useRef } from "react";
import { useNodesInitialized, useReactFlow } from "@xyflow/react";

export function FitOnLoad({ enabled, viewportReady }: { enabled: boolean; viewportReady: boolean }) {
  const initialized = useNodesInitialized();
  const { fitView } = useReactFlow();
  const done = useRef(!enabled);
  useEffect(() => {
    if (done.current || !initialized || !viewportReady) return;
    done.current = true;
    requestAnimationFrame(() => void fitView({ padding: 0.2, maxZoom: 1 }));
  }, [initialized, viewportReady, fitView]);
  return null;
}
