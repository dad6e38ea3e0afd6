"use client";
// The searchable list of step types, grouped by category. Drag an entry onto the canvas, or click
// it (or press Enter) to add it after the selected step.
import { useId, useMemo, useState, type DragEvent } from "react";
import { catalogEntries } from "@/components/editor/catalog";
import type { CatalogEntry, NodeCategory } from "@/server/nodes/define-node";
import { NodeIcon } from "@/components/canvas/node-icons";
import { CATEGORY_STYLE } from "@/components/canvas/step-node";
import { PALETTE_MIME } from "@/components/canvas/flow-canvas";

export const CATEGORY_ORDER: NodeCategory[] = ["Triggers", "Logic", "Data", "Integrations", "Notifications"];

export function filterCatalog(entries: readonly CatalogEntry[], query: string): Array<[NodeCategory, CatalogEntry[]]> {
  const q = query.trim().toLowerCase();
  const match = (e: CatalogEntry) => !q || `${e.label} ${e.description} ${e.category} ${e.type}`.toLowerCase().includes(q);
  return CATEGORY_ORDER.map((c) => [c, entries.filter((e) => e.category === c && match(e))] as [NodeCategory, CatalogEntry[]]).filter(([, list]) => list.length > 0);
}

export function StepList({ onPick, query, draggable, connectable }: { onPick: (type: string) => void; query: string; draggable: boolean; connectable?: boolean }) {
  // After an output only steps that take an input make sense: no triggers, no notes.
  const groups = useMemo(() => filterCatalog(connectable ? catalogEntries().filter((e) => e.kind !== "trigger" && e.kind !== "note") : catalogEntries(), query), [query, connectable]);
  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(PALETTE_MIME, type);
    e.dataTransfer.effectAllowed = "copy";
  };
  if (groups.length === 0) return <p className="px-3 py-4 text-sm text-slate-500">No step matches “{query}”.</p>;
  return (
    <div className="space-y-3">
      {groups.map(([category, list]) => (
        <section key={category} aria-label={category}>
          <h3 className="px-3 text-xs font-semibold uppercase tracking-wide text-slate-500">{category}</h3>
          <ul className="mt-1">
            {list.map((e) => (
              <li key={e.type}>
                <button
                  type="button"
                  draggable={draggable}
                  onDragStart={(ev) => onDragStart(ev, e.type)}
                  onClick={() => onPick(e.type)}
                  title={e.help ?? e.description}
                  aria-label={`Add ${e.label}: ${e.description}`}
                  className="flex w-full items-start gap-2 rounded-md px-3 py-1.5 text-left hover:bg-slate-100"
                  data-step-type={e.type}
                >
                  <span className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded ${CATEGORY_STYLE[e.category]}`}>
                    <NodeIcon name={e.icon} className="h-3.5 w-3.5" />
                  </span>
                  <span className="min-w-0">
                    <span className="block text-sm font-medium text-slate-800">{e.label}</span>
                    <span className="line-clamp-2 block text-xs text-slate-500">{e.description}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export function Palette({ onPick }: { onPick: (type: string) => void }) {
  const [query, setQuery] = useState("");
  const [open, setOpen] = useState(true);
  const id = useId();
  if (!open) {
    return (
      <aside aria-label="Steps" className="flex w-10 shrink-0 flex-col items-center border-r border-slate-200 bg-white py-2">
        <button type="button" className="btn-ghost px-2 py-1 text-lg" aria-label="Show the step list" title="Show the step list" onClick={() => setOpen(true)} data-palette-toggle>
          +
        </button>
      </aside>
    );
  }
  return (
    <aside aria-label="Steps" className="flex w-56 shrink-0 flex-col border-r border-slate-200 bg-white">
      <div className="border-b border-slate-100 p-3">
        <div className="flex items-center justify-between">
          <label htmlFor={id} className="label">
            Add a step
          </label>
          <button type="button" className="btn-ghost -mt-1 px-1.5 py-0.5 text-xs" aria-label="Hide the step list" title="Hide the step list (more room for the canvas)" onClick={() => setOpen(false)}>
            «
          </button>
        </div>
        <input id={id} type="search" className="input" placeholder="Search steps…" value={query} onChange={(e) => setQuery(e.target.value)} data-palette-search />
        <p className="mt-1 text-xs text-slate-500">Drag onto the canvas, or click to add after the selected step.</p>
      </div>
      <div className="flex-1 overflow-y-auto py-2">
        <StepList onPick={onPick} query={query} draggable />
      </div>
    </aside>
  );
}
