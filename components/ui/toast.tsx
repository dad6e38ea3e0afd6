"use client";
import { useEffect } from "react";

export interface ToastMessage {
  id: number;
  text: string;
  action?: { label: string; run: () => void };
}

/** One transient notice at the bottom of the screen, announced politely to screen readers. */
export function Toast({ toast, onDone, ms = 8000 }: { toast: ToastMessage | null; onDone: () => void; ms?: number }) {
  useEffect(() => {
    if (!toast) return;
    const t = setTimeout(onDone, ms);
    return () => clearTimeout(t);
  }, [toast, onDone, ms]);
  return (
    <div aria-live="polite" className="pointer-events-none fixed inset-x-0 bottom-6 flex justify-center">
      {toast && (
        <div className="pointer-events-auto flex items-center gap-4 rounded-lg bg-slate-900 px-4 py-3 text-sm text-white shadow-lg">
          <span>{toast.text}</span>
          {toast.action && (
            <button
              type="button"
              className="rounded px-2 py-1 font-semibold text-brand-100 underline hover:bg-slate-800"
              onClick={() => {
                toast.action!.run();
                onDone();
              }}
            >
              {toast.action.label}
            </button>
          )}
          <button type="button" aria-label="Dismiss" className="rounded px-1 text-slate-300 hover:text-white" onClick={onDone}>
            ×
          </button>
        </div>
      )}
    </div>
  );
}
