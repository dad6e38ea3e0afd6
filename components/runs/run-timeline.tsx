"use client";
// A Gantt-like bar per step attempt: the light part is the time it waited (queue, retry
// back-off, delay), the solid part the time it ran. Keyboard: each row is a button.
import { formatDuration } from "./format";

export interface TimelineStep {
  id: number;
  nodeId: string;
  name: string;
  scope: string;
  attempt: number;
  status: string;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  kept: boolean;
}

const BAR: Record<string, string> = { succeeded: "bg-green-500", failed: "bg-red-600", running: "bg-blue-500 animate-pulse", waiting: "bg-amber-400", queued: "bg-slate-300", canceled: "bg-slate-300", skipped: "bg-slate-200" };

export function RunTimeline({ steps, now, selected, onSelect }: { steps: TimelineStep[]; now: number; selected: number | null; onSelect: (id: number) => void }) {
  const shown = steps.filter((s) => s.status !== "skipped");
  if (shown.length === 0) return <p className="text-sm text-slate-500">No step has run yet.</p>;
  const start = Math.min(...shown.map((s) => s.createdAt.getTime()));
  const end = Math.max(start + 1, ...shown.map((s) => (s.finishedAt ?? (s.startedAt ? new Date(now) : s.createdAt)).getTime()));
  const pct = (t: number) => `${(((t - start) / (end - start)) * 100).toFixed(2)}%`;
  return (
    <ol className="space-y-1" aria-label="Timeline of the steps">
      {shown.map((s) => {
        const created = s.createdAt.getTime();
        const began = s.startedAt?.getTime() ?? null;
        const ended = s.finishedAt?.getTime() ?? (began !== null ? now : null);
        const ran = began !== null && ended !== null ? ended - began : null;
        const waited = (began ?? ended ?? now) - created;
        return (
          <li key={s.id}>
            <button
              type="button"
              onClick={() => onSelect(s.id)}
              aria-pressed={selected === s.id}
              className={`grid w-full grid-cols-[12rem_1fr_6rem] items-center gap-3 rounded px-2 py-1 text-left text-xs hover:bg-slate-50 ${selected === s.id ? "bg-brand-50" : ""}`}
            >
              <span className="truncate font-medium text-slate-800">
                {s.name}
                {s.scope ? <span className="text-slate-500"> · item {s.scope.split(":").pop()}</span> : null}
                {s.attempt > 1 ? <span className="text-slate-500"> · try {s.attempt}</span> : null}
                {s.kept ? <span className="text-slate-500"> · kept</span> : null}
              </span>
              <span className="relative h-4 rounded bg-slate-100" aria-hidden="true">
                {waited > 0 && <span className="absolute top-1.5 h-1 rounded bg-slate-300" style={{ left: pct(created), width: `max(2px, calc(${pct(began ?? ended ?? now)} - ${pct(created)}))` }} />}
                {began !== null && <span className={`absolute h-4 rounded ${BAR[s.status] ?? "bg-slate-400"}`} style={{ left: pct(began), width: `max(3px, calc(${pct(ended ?? now)} - ${pct(began)}))` }} />}
              </span>
              <span className="text-right tabular-nums text-slate-600">
                {ran !== null ? formatDuration(ran) : s.status}
                {waited > 1000 ? <span className="block text-slate-400">waited {formatDuration(waited)}</span> : null}
              </span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
