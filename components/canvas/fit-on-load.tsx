"use client";
// Fits the view once the viewport is ready (React Flow's onInit) and the loaded nodes have been
// measured; fitting earlier is silently ignored and leaves the graph off to the side.
// Before that, when the nodes arrive, the view jumps to an estimate of the fit (positions and the
// default step size): the steps' first drawing is then already the one for the fitted zoom (the
// zoomed-out one below FAR_ZOOM), not a full drawing at zoom 1 that the fit replaces a moment later.
import { useEffect, useLayoutEffect, useRef } from "react";
import { getViewportForBounds, useNodesInitialized, useReactFlow, useStoreApi, type Node } from "@xyflow/react";
import { DEFAULT_NODE_SIZE } from "./layout";

const PADDING = 0.2;
const MAX_ZOOM = 1;

export function FitOnLoad({ enabled, viewportReady, nodes }: { enabled: boolean; viewportReady: boolean; nodes: readonly Node[] }) {
  const initialized = useNodesInitialized();
  const { fitView, setViewport } = useReactFlow();
  const flow = useStoreApi();
  const done = useRef(!enabled);
  const estimated = useRef(!enabled);

  // A layout effect: it runs before React Flow takes the new nodes (in its own passive effect).
  useLayoutEffect(() => {
    const { width, height, minZoom } = flow.getState();
    if (estimated.current || nodes.length === 0 || !width || !height) return;
    estimated.current = true;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const n of nodes) {
      x0 = Math.min(x0, n.position.x);
      y0 = Math.min(y0, n.position.y);
      x1 = Math.max(x1, n.position.x + DEFAULT_NODE_SIZE.width);
      y1 = Math.max(y1, n.position.y + DEFAULT_NODE_SIZE.height);
    }
    void setViewport(getViewportForBounds({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, width, height, minZoom, MAX_ZOOM, PADDING));
  }, [nodes, flow, setViewport]);

  useEffect(() => {
    if (done.current || !initialized || !viewportReady) return;
    done.current = true;
    requestAnimationFrame(() => void fitView({ padding: PADDING, maxZoom: MAX_ZOOM }));
  }, [initialized, viewportReady, fitView]);
  return null;
}
