import { createContext, useContext } from "react";

/** How a canvas is being shown: the editor's (editable, with lint and run overlays) or a read-only view of an old version. */
export interface CanvasMode {
  readOnly: boolean;
  overlays: boolean;
}

export const CanvasModeContext = createContext<CanvasMode>({ readOnly: false, overlays: true });

export function useCanvasMode(): CanvasMode {
  return useContext(CanvasModeContext);
}
