"use client";
// Green / amber / red SLA health of one workflow (worst of its monitors), for the workflow list.
// All rows share one query (React Query deduplicates it).
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

const STYLE = {
  green: { cls: "bg-green-500", label: "SLA met" },
  amber: { cls: "bg-amber-400", label: "SLA at risk" },
  red: { cls: "bg-red-600", label: "SLA breached" },
  unknown: { cls: "bg-slate-300", label: "SLA not measured yet" },
} as const;

export function SlaHealthDot({ health, title }: { health: keyof typeof STYLE; title?: string }) {
  const s = STYLE[health];
  return (
    <span className="inline-flex items-center gap-1 text-xs text-slate-600" title={title ?? s.label}>
      <span className={`inline-block h-2.5 w-2.5 rounded-full ${s.cls}`} aria-hidden="true" />
      <span className="sr-only">{s.label}</span>
    </span>
  );
}

export function SlaBadge({ workflowId }: { workflowId: string }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.monitoring.slaHealth.queryOptions(), staleTime: 30_000 });
  const h = q.data?.[workflowId];
  if (!h) return null;
  return <SlaHealthDot health={h.health} title={`${STYLE[h.health].label}: ${h.details.join("; ")}`} />;
}
