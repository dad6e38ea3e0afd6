// The editor's state: React Flow nodes and edges kept here (not in React state), plus undo history,
// selection and the per-node overlays (lint badges, run status) that nodes read through narrow
// selectors. Graph-changing actions bump `editCount`, which autosave and the linter watch. A drag
// arrives here once, at its end (components/canvas/use-node-changes); `dragStart` covers a drag
// whose frames had to be passed on early.
import { create } from "zustand";
import { applyEdgeChanges, applyNodeChanges, type Connection, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { GraphSettings, WorkflowGraph } from "@/server/engine/graph";
import { definitionOf } from "@/components/editor/catalog";
import type { LintIssue } from "@/server/services/lint";
import type { StepData, StepEdge, StepNode, StepRunStatus } from "@/components/canvas/flow-types";
import { ERROR_EDGE_STYLE, TAKEN_EDGE_STYLE, stepAriaLabel, toFlow, toFlowEdge, toFlowNode, toGraph, toGraphEdge, toGraphNode } from "@/components/canvas/graph-mapping";
import { instantiateFragment, type Fragment } from "@/components/canvas/clipboard";
import { newEdgeId, newNodeId, uniqueName } from "@/components/canvas/ids";
import { autoLayout } from "@/components/canvas/layout";
import { defaultConfig } from "@/components/node-config/schema-form";

interface Snapshot {
  nodes: StepNode[];
  edges: StepEdge[];
}

export interface NodeIssueSummary {
  errors: number;
  warnings: number;
  first: string;
}

export type SaveState = "saved" | "saving" | "unsaved" | "conflict" | "error";

const HISTORY_LIMIT = 100;
const COALESCE_MS = 1200;

export interface EditorState {
  nodes: StepNode[];
  edges: StepEdge[];
  settings: GraphSettings;
  readOnly: boolean;
  selectedId: string | null;
  past: Snapshot[];
  future: Snapshot[];
  editCount: number;
  coalesce: { key: string; at: number } | null;
  dragStart: Snapshot | null;
  issues: LintIssue[];
  issuesByNode: Record<string, NodeIssueSummary>;
  runStatus: Record<string, StepRunStatus>;
  save: { state: SaveState; draftRevision: number; message?: string };
  notice: { id: number; text: string } | null;
  /** The output whose "+" was pressed: the quick-add picker connects the new step to it. */
  quickAddFrom: { nodeId: string; handle: string } | null;
}

const initial: EditorState = {
  nodes: [],
  edges: [],
  settings: {},
  readOnly: false,
  selectedId: null,
  past: [],
  future: [],
  editCount: 0,
  coalesce: null,
  dragStart: null,
  issues: [],
  issuesByNode: {},
  runStatus: {},
  save: { state: "saved", draftRevision: 1 },
  notice: null,
  quickAddFrom: null,
};

export const useEditorStore = create<EditorState>()(() => initial);
const set = useEditorStore.setState;
const get = useEditorStore.getState;

/** Records the current graph for undo (unless this edit continues the previous one) and applies `next`. */
function commit(next: Partial<Pick<EditorState, "nodes" | "edges">>, coalesceKey?: string) {
  const s = get();
  if (s.readOnly) return;
  const now = Date.now();
  const continues = coalesceKey !== undefined && s.coalesce?.key === coalesceKey && now - s.coalesce.at < COALESCE_MS;
  set({
    ...next,
    past: continues ? s.past : [...s.past.slice(-(HISTORY_LIMIT - 1)), { nodes: s.nodes, edges: s.edges }],
    future: [],
    editCount: s.editCount + 1,
    coalesce: coalesceKey ? { key: coalesceKey, at: now } : null,
  });
}

function selectedOnly(nodes: StepNode[]): string | null {
  let found: string | null = null;
  for (const n of nodes) {
    if (!n.selected) continue;
    if (found) return null;
    found = n.id;
  }
  return found;
}

export const editor = {
  load(graph: WorkflowGraph, opts: { draftRevision: number; readOnly: boolean }) {
    const { nodes, edges } = toFlow(graph);
    set({ ...initial, nodes, edges, settings: graph.settings ?? {}, readOnly: opts.readOnly, save: { state: "saved", draftRevision: opts.draftRevision } });
  },

  graph(): WorkflowGraph {
    const s = get();
    return toGraph(s.nodes, s.edges, s.settings);
  },

  onNodesChange(changes: NodeChange<StepNode>[]) {
    const s = get();
    const allowed = s.readOnly ? changes.filter((c) => c.type === "select" || c.type === "dimensions") : changes.filter((c) => c.type !== "remove");
    if (allowed.length === 0) return;
    const nodes = applyNodeChanges(allowed, s.nodes);
    const patch: Partial<EditorState> = { nodes };
    if (allowed.some((c) => c.type === "select")) patch.selectedId = selectedOnly(nodes);
    const moves = allowed.filter((c) => c.type === "position");
    if (moves.length) {
      const dragging = moves.some((c) => c.type === "position" && c.dragging);
      if (dragging) {
        // Undo restores the positions from before the drag, not from the previous frame.
        if (!s.dragStart) patch.dragStart = { nodes: s.nodes, edges: s.edges };
      } else {
        const before = s.dragStart ?? { nodes: s.nodes, edges: s.edges };
        patch.past = [...s.past.slice(-(HISTORY_LIMIT - 1)), before];
        patch.future = [];
        patch.dragStart = null;
        patch.editCount = s.editCount + 1;
      }
    }
    set(patch);
  },

  onEdgesChange(changes: EdgeChange<StepEdge>[]) {
    const allowed = changes.filter((c) => c.type === "select");
    if (allowed.length) set({ edges: applyEdgeChanges(allowed, get().edges) });
  },

  canConnect(c: Connection | StepEdge): boolean {
    const s = get();
    if (!c.source || !c.target || c.source === c.target) return false;
    const target = s.nodes.find((n) => n.id === c.target);
    const kind = target && definitionOf(target.data.type)?.kind;
    if (kind === "trigger" || kind === "note") return false;
    const handle = c.sourceHandle ?? "main";
    return !s.edges.some((e) => e.source === c.source && (e.sourceHandle ?? "main") === handle && e.target === c.target);
  },

  connect(c: Connection) {
    if (!editor.canConnect(c)) return;
    const edge = toFlowEdge({ id: newEdgeId(), source: c.source, sourceHandle: c.sourceHandle ?? "main", target: c.target });
    commit({ edges: [...get().edges, edge] });
  },

  reconnect(old: StepEdge, c: Connection) {
    if (!editor.canConnect(c)) return;
    const next = toFlowEdge({ id: old.id, source: c.source, sourceHandle: c.sourceHandle ?? "main", target: c.target });
    commit({ edges: get().edges.map((e) => (e.id === old.id ? next : e)) });
  },

  removeEdges(ids: readonly string[]) {
    const drop = new Set(ids);
    commit({ edges: get().edges.filter((e) => !drop.has(e.id)) });
  },

  /** Adds a step; with `from`, also connects it to that output and places it to the right. */
  addNode(type: string, position: { x: number; y: number }, from?: { nodeId: string; handle: string }): string | undefined {
    const def = definitionOf(type);
    const s = get();
    if (!def || s.readOnly) return undefined;
    const ids = new Set(s.nodes.map((n) => n.id));
    const names = new Set(s.nodes.map((n) => n.data.name));
    const id = newNodeId(type, ids);
    const node: StepNode = { ...toFlowNode({ id, type, name: uniqueName(def.label, names), position, config: defaultConfig(def), notes: "" }), selected: true };
    const nodes = [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
    const edges = from ? [...s.edges, toFlowEdge({ id: newEdgeId(), source: from.nodeId, sourceHandle: from.handle, target: id })] : s.edges;
    commit({ nodes, edges });
    set({ selectedId: id });
    return id;
  },

  updateNode(id: string, patch: Partial<StepData>, coalesceKey = `${id}:${Object.keys(patch).join(",")}`) {
    const nodes = get().nodes.map((n) => {
      if (n.id !== id) return n;
      const data = { ...n.data, ...patch };
      return { ...n, data, ariaLabel: stepAriaLabel(data.type, data.name) };
    });
    commit({ nodes }, coalesceKey);
  },

  select(ids: readonly string[]) {
    const want = new Set(ids);
    set({
      nodes: get().nodes.map((n) => (!!n.selected === want.has(n.id) ? n : { ...n, selected: want.has(n.id) })),
      edges: get().edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
      selectedId: ids.length === 1 ? ids[0]! : null,
    });
  },

  selectAll() {
    editor.select(get().nodes.map((n) => n.id));
  },

  deleteSelection() {
    const s = get();
    const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
    const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
    if (gone.size === 0 && edges.length === s.edges.length) return;
    commit({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
    set({ selectedId: null });
  },

  selectionFragment(): { nodes: ReturnType<typeof toGraphNode>[]; edges: ReturnType<typeof toGraphEdge>[] } {
    const s = get();
    return { nodes: s.nodes.filter((n) => n.selected).map(toGraphNode), edges: s.edges.map(toGraphEdge) };
  },

  paste(fragment: Fragment, placeAt: { x: number; y: number } | { dx: number; dy: number }) {
    const s = get();
    if (s.readOnly) return;
    const made = instantiateFragment(fragment, { ids: new Set(s.nodes.map((n) => n.id)), names: new Set(s.nodes.map((n) => n.data.name)) }, placeAt);
    const added = made.nodes.map((n) => ({ ...toFlowNode(n), selected: true }));
    commit({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...added], edges: [...s.edges, ...made.edges.map(toFlowEdge)] });
    set({ selectedId: added.length === 1 ? added[0]!.id : null });
  },

  duplicateSelection() {
    const frag = editor.selectionFragment();
    if (frag.nodes.length) editor.paste({ nodes: frag.nodes, edges: frag.edges }, { dx: 40, dy: 60 });
  },

  layout() {
    const s = get();
    const pos = autoLayout(s.nodes, s.edges);
    commit({ nodes: s.nodes.map((n) => ({ ...n, position: pos.get(n.id) ?? n.position })) });
  },

  undo() {
    const s = get();
    const prev = s.past[s.past.length - 1];
    if (!prev || s.readOnly) return;
    set({ nodes: prev.nodes, edges: prev.edges, past: s.past.slice(0, -1), future: [...s.future, { nodes: s.nodes, edges: s.edges }], editCount: s.editCount + 1, coalesce: null, selectedId: selectedOnly(prev.nodes) });
  },

  redo() {
    const s = get();
    const next = s.future[s.future.length - 1];
    if (!next || s.readOnly) return;
    set({ nodes: next.nodes, edges: next.edges, future: s.future.slice(0, -1), past: [...s.past, { nodes: s.nodes, edges: s.edges }], editCount: s.editCount + 1, coalesce: null, selectedId: selectedOnly(next.nodes) });
  },

  setIssues(issues: LintIssue[]) {
    const prev = get().issuesByNode;
    const next: Record<string, NodeIssueSummary> = {};
    for (const i of issues) {
      if (!i.nodeId) continue;
      const cur = (next[i.nodeId] ??= { errors: 0, warnings: 0, first: i.message });
      if (i.severity === "error") cur.errors++;
      else cur.warnings++;
    }
    // Keep unchanged summaries identical so only nodes whose badge changed re-render.
    for (const [id, v] of Object.entries(next)) {
      const p = prev[id];
      if (p && p.errors === v.errors && p.warnings === v.warnings && p.first === v.first) next[id] = p;
    }
    set({ issues, issuesByNode: next });
  },

  /** Paints run statuses on nodes and the followed connections green (display only: no undo step, no save). */
  setRunStatus(runStatus: Record<string, StepRunStatus>, takenEdgeIds: ReadonlySet<string> = new Set()) {
    const edges = get().edges.map((e) => {
      const taken = takenEdgeIds.has(e.id);
      const base = e.sourceHandle === "error" ? ERROR_EDGE_STYLE : undefined;
      const style = taken ? TAKEN_EDGE_STYLE : base;
      return e.style === style ? e : { ...e, style };
    });
    set({ runStatus, edges });
  },

  setSave(save: Partial<EditorState["save"]>) {
    set({ save: { ...get().save, ...save } });
  },

  notify(text: string) {
    set({ notice: { id: Date.now(), text } });
  },

  clearNotice() {
    set({ notice: null });
  },

  openQuickAdd(from: { nodeId: string; handle: string } | null) {
    set({ quickAddFrom: from });
  },
};
