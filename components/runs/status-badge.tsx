// A run or step status as a coloured label with text (never colour alone).
const STYLE: Record<string, { label: string; cls: string }> = {
  queued: { label: "Queued", cls: "bg-slate-100 text-slate-700" },
  running: { label: "Running", cls: "bg-blue-100 text-blue-800" },
  waiting: { label: "Waiting", cls: "bg-amber-100 text-amber-800" },
  succeeded: { label: "Succeeded", cls: "bg-green-100 text-green-800" },
  failed: { label: "Failed", cls: "bg-red-100 text-red-800" },
  canceled: { label: "Canceled", cls: "bg-slate-100 text-slate-600" },
  skipped: { label: "Skipped", cls: "bg-slate-50 text-slate-500" },
  notrun: { label: "Not run", cls: "bg-slate-50 text-slate-500" },
};

export function statusLabel(status: string): string {
  return STYLE[status]?.label ?? status;
}

export function StatusBadge({ status }: { status: string }) {
  const s = STYLE[status] ?? { label: status, cls: "bg-slate-100 text-slate-700" };
  return <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${s.cls}`}>{s.label}</span>;
}
