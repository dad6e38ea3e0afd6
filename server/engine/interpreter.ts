// The pure interpreter: next(index, state, event) → { state, commands }. No clock, no randomness
// (retry jitter arrives inside the failure event), no I/O. The runtime persists the new state and
// carries out the commands in the same transaction.
import type { GraphEdge } from "./graph";
import { ERROR_HANDLE, LOOP_DONE_HANDLE, LOOP_ITEM_HANDLE } from "./node-spec";
import type { SerializedError } from "./errors";
import { decideRetry, resolvePolicy } from "./retry";
import type { GraphIndex } from "./topology";
import { cloneState, type Command, type EngineEvent } from "./events";

export type { Command, EngineEvent } from "./events";
import {
  ROOT_SCOPE,
  initialState,
  itemScope,
  joinKey,
  loopKey,
  parseScope,
  type Delivery,
  type RunState,
  type StepInput,
} from "./state";

export const DEFAULT_LOOP_CONCURRENCY = 1;

export function next(index: GraphIndex, state: RunState | undefined, event: EngineEvent): { state: RunState; commands: Command[] } {
  return advance(index, state ? cloneState(state) : initialState(), event);
}

/**
 * next() for a caller that owns `state` and drops it for the returned one (intake's in-memory run,
 * which feeds each result straight back): no copy per event. `state` is changed in place.
 */
export function advance(index: GraphIndex, state: RunState, event: EngineEvent): { state: RunState; commands: Command[] } {
  const m = new Machine(index, state);
  m.apply(event);
  return { state: m.s, commands: m.out };
}

class Machine {
  out: Command[] = [];
  constructor(
    private readonly ix: GraphIndex,
    public s: RunState,
  ) {}

  apply(ev: EngineEvent): void {
    if (this.s.status !== "running") return; // a finished execution never changes again
    switch (ev.type) {
      case "start":
        return this.start(ev.triggerNodeId);
      case "step.succeeded":
        this.s.active[ev.scope] = (this.s.active[ev.scope] ?? 1) - 1;
        this.succeeded(ev.nodeId, ev.scope, ev.output, ev.handle);
        return this.settle(ev.scope);
      case "step.failed":
        this.s.active[ev.scope] = (this.s.active[ev.scope] ?? 1) - 1;
        this.failed(ev);
        return this.settle(ev.scope);
      case "cancel":
        this.s.status = "canceled";
        this.out.push({ type: "finish", status: "canceled" });
        return;
      case "timeout":
        return this.failExecution({ message: `Execution timed out after ${ev.timeoutMs} ms`, code: "TIMEOUT", retryable: false });
    }
  }

  private start(triggerId: string): void {
    if (!this.ix.nodes.has(triggerId)) return this.failExecution({ message: `Unknown trigger node "${triggerId}"`, code: "BAD_TRIGGER", retryable: false });
    // Every other node without inputs (other triggers, unconnected nodes) is dead from the start,
    // so joins that depend on them do not wait.
    for (const [id] of this.ix.nodes) {
      if (id !== triggerId && (this.ix.inbound.get(id) ?? []).length === 0) this.markDead(id, ROOT_SCOPE);
    }
    this.enqueue(triggerId, ROOT_SCOPE, 1, { from: [] }, 0);
  }

  private succeeded(nodeId: string, scope: string, output: unknown, handle?: string): void {
    const spec = this.ix.specs.get(nodeId);
    if (!spec) return;
    if (spec.kind === "loop") return this.startLoop(nodeId, scope, Array.isArray(output) ? output : output === undefined || output === null ? [] : [output]);
    const node = this.ix.nodes.get(nodeId)!;
    const taken = handle ?? spec.outputs(node.config)[0] ?? "main";
    this.emit(nodeId, scope, new Map([[taken, output]]));
  }

  /** Sends values down the given handles; every other outgoing edge is dead. */
  private emit(nodeId: string, scope: string, live: Map<string, unknown>): void {
    let anyLive = false;
    let lastValue: unknown = undefined;
    for (const e of this.ix.outgoing.get(nodeId) ?? []) {
      if (this.ix.backEdges.has(e.id)) {
        if (live.has(e.sourceHandle)) this.backEdge(scope, live.get(e.sourceHandle));
        continue;
      }
      if (live.has(e.sourceHandle)) {
        anyLive = true;
        this.deliver(scope, e, true, live.get(e.sourceHandle));
      } else this.deliver(scope, e, false, undefined);
    }
    if (!anyLive) {
      for (const v of live.values()) lastValue = v;
      if (live.size > 0) this.recordTerminal(nodeId, scope, lastValue);
    }
  }

  private recordTerminal(nodeId: string, scope: string, value: unknown): void {
    if (scope === ROOT_SCOPE) this.s.terminals[nodeId] = value;
    else if (!this.s.itemResults[scope]?.fromBackEdge) this.s.itemResults[scope] = { value, fromBackEdge: false };
  }

  private backEdge(scope: string, value: unknown): void {
    if (scope !== ROOT_SCOPE) this.s.itemResults[scope] = { value, fromBackEdge: true };
  }

  private deliver(scope: string, e: GraphEdge, live: boolean, value: unknown): void {
    const target = e.target;
    const inbound = this.ix.inbound.get(target) ?? [];
    const d: Delivery = { edge: e.id, source: e.source, handle: e.sourceHandle, value };
    if (inbound.length <= 1) {
      if (live) this.enqueue(target, scope, 1, { from: [d] }, 0);
      else this.markDead(target, scope);
      return;
    }
    const key = joinKey(scope, target);
    const j = (this.s.joins[key] ??= { got: {}, from: [] });
    if (j.got[e.id] !== undefined) return; // already delivered: ignore a duplicate
    j.got[e.id] = live ? 1 : 0;
    if (live) j.from.push(d);
    if (inbound.some((x) => j.got[x.id] === undefined)) return;
    delete this.s.joins[key];
    if (j.from.length === 0) return this.markDead(target, scope);
    const order = new Map(inbound.map((x, i) => [x.id, i]));
    j.from.sort((a, b) => order.get(a.edge)! - order.get(b.edge)!);
    this.enqueue(target, scope, 1, { from: j.from }, 0);
  }

  private markDead(nodeId: string, scope: string): void {
    this.out.push({ type: "skip", nodeId, scope });
    for (const e of this.ix.outgoing.get(nodeId) ?? []) {
      if (!this.ix.backEdges.has(e.id)) this.deliver(scope, e, false, undefined);
    }
  }

  private enqueue(nodeId: string, scope: string, attempt: number, input: StepInput, delayMs: number): void {
    this.s.active[scope] = (this.s.active[scope] ?? 0) + 1;
    const withItem = scope === ROOT_SCOPE || input.itemIndex !== undefined ? input : { ...input, ...this.itemOf(scope) };
    this.out.push({ type: "enqueue", nodeId, scope, attempt, input: withItem, delayMs });
  }

  private itemOf(scope: string): { item?: unknown; itemIndex?: number } {
    const p = parseScope(scope);
    if (!p) return {};
    const loop = this.s.loops[loopKey(p.parent, p.loopId)];
    return { item: loop?.items[p.index], itemIndex: p.index };
  }

  private failed(ev: Extract<EngineEvent, { type: "step.failed" }>): void {
    const node = this.ix.nodes.get(ev.nodeId);
    const spec = this.ix.specs.get(ev.nodeId);
    if (!node || !spec) return;
    const policy = resolvePolicy(spec.retry, node.retry);
    const decision = decideRetry(policy, ev.attempt, ev.error, ev.random);
    if (decision.type === "retry") return this.enqueue(ev.nodeId, ev.scope, decision.attempt, ev.input, decision.delayMs);
    this.failNode(ev.nodeId, ev.scope, { ...ev.error, nodeId: ev.nodeId });
  }

  /** After the last attempt: the error handle, else onError "continue", else the scope fails. */
  private failNode(nodeId: string, scope: string, error: SerializedError): void {
    const node = this.ix.nodes.get(nodeId)!;
    const spec = this.ix.specs.get(nodeId)!;
    const errorEdges = (this.ix.outgoing.get(nodeId) ?? []).filter((e) => e.sourceHandle === ERROR_HANDLE);
    const emit = (live: Map<string, unknown>) => (spec.kind === "loop" ? this.emitLoopExit(nodeId, scope, live) : this.emit(nodeId, scope, live));
    if (spec.canFail && errorEdges.length > 0) return emit(new Map([[ERROR_HANDLE, error]]));
    if (node.onError === "continue") {
      const first = spec.kind === "loop" ? LOOP_DONE_HANDLE : (spec.outputs(node.config)[0] ?? "main");
      return emit(new Map([[first, { error }]]));
    }
    emit(new Map());
    if (scope === ROOT_SCOPE) return this.failExecution(error, nodeId);
    this.s.itemErrors[scope] ??= error;
  }

  private failExecution(error: SerializedError, nodeId?: string): void {
    this.s.status = "failed";
    this.s.error = error;
    this.out.push(nodeId ? { type: "finish", status: "failed", error, nodeId } : { type: "finish", status: "failed", error });
  }

  private startLoop(loopId: string, scope: string, items: unknown[]): void {
    const node = this.ix.nodes.get(loopId)!;
    const c = Number((node.config as { concurrency?: unknown }).concurrency);
    this.s.loops[loopKey(scope, loopId)] = {
      items,
      next: 0,
      running: 0,
      concurrency: Number.isInteger(c) && c > 0 ? c : DEFAULT_LOOP_CONCURRENCY,
      results: items.map(() => null),
      failures: [],
    };
    this.s.active[scope] = (this.s.active[scope] ?? 0) + 1;
    this.fillLoop(loopId, scope);
  }

  /** Starts items until the loop's concurrency is used; finishes the loop when nothing is left. */
  private fillLoop(loopId: string, scope: string): void {
    const key = loopKey(scope, loopId);
    const loop = this.s.loops[key];
    if (!loop) return;
    while (loop.running < loop.concurrency && loop.next < loop.items.length) {
      const i = loop.next++;
      loop.running++;
      const sc = itemScope(scope, loopId, i);
      this.s.active[sc] = 0;
      for (const e of this.ix.outgoing.get(loopId) ?? []) {
        if (e.sourceHandle !== LOOP_ITEM_HANDLE) continue;
        const d: Delivery = { edge: e.id, source: loopId, handle: LOOP_ITEM_HANDLE, value: loop.items[i] };
        if (this.ix.backEdges.has(e.id)) continue;
        if ((this.ix.inbound.get(e.target) ?? []).length <= 1) this.enqueue(e.target, sc, 1, { from: [d], item: loop.items[i], itemIndex: i }, 0);
        else this.deliver(sc, e, true, loop.items[i]);
      }
      // A body with nothing to run finishes the item at once.
      if (this.s.active[sc] === 0) this.finishItem(sc);
    }
    if (loop.running === 0 && loop.next >= loop.items.length) this.finishLoop(loopId, scope);
  }

  private finishItem(sc: string): void {
    const p = parseScope(sc)!;
    const key = loopKey(p.parent, p.loopId);
    const loop = this.s.loops[key];
    delete this.s.active[sc];
    if (!loop) return;
    loop.running--;
    const err = this.s.itemErrors[sc];
    if (err) loop.failures.push({ index: p.index, item: loop.items[p.index], error: err });
    else loop.results[p.index] = this.s.itemResults[sc]?.value ?? null;
    delete this.s.itemErrors[sc];
    delete this.s.itemResults[sc];
    // Release finished bodies' join bookkeeping (only dead joins can remain).
    for (const k of Object.keys(this.s.joins)) if (k.startsWith(`${sc}|`)) delete this.s.joins[k];
  }

  private finishLoop(loopId: string, scope: string): void {
    const key = loopKey(scope, loopId);
    const loop = this.s.loops[key]!;
    delete this.s.loops[key];
    this.s.active[scope] = (this.s.active[scope] ?? 1) - 1;
    const failed = new Set(loop.failures.map((f) => f.index));
    const results = loop.results.filter((_, i) => !failed.has(i));
    const live = new Map<string, unknown>([[LOOP_DONE_HANDLE, results]]);
    if (loop.failures.length > 0) {
      const hasErrorEdge = (this.ix.outgoing.get(loopId) ?? []).some((e) => e.sourceHandle === ERROR_HANDLE);
      const error: SerializedError = {
        message: `${loop.failures.length} of ${loop.items.length} items failed`,
        code: "LOOP_ITEMS_FAILED",
        nodeId: loopId,
        data: { failures: loop.failures },
      };
      if (!hasErrorEdge) return this.failNode(loopId, scope, error);
      live.set(ERROR_HANDLE, { ...error, failures: loop.failures });
    }
    // Only done/error leave the loop here; item edges were used per item.
    this.emitLoopExit(loopId, scope, live);
  }

  private emitLoopExit(loopId: string, scope: string, live: Map<string, unknown>): void {
    let anyLive = false;
    for (const e of this.ix.outgoing.get(loopId) ?? []) {
      if (e.sourceHandle === LOOP_ITEM_HANDLE || this.ix.backEdges.has(e.id)) continue;
      const isLive = live.has(e.sourceHandle);
      anyLive ||= isLive;
      this.deliver(scope, e, isLive, live.get(e.sourceHandle));
    }
    if (!anyLive && live.size > 0) this.recordTerminal(loopId, scope, live.get(LOOP_DONE_HANDLE) ?? live.get(ERROR_HANDLE));
  }

  /** When a scope has nothing left in flight: finish the loop item, or the whole execution. */
  private settle(scope: string): void {
    let sc: string | undefined = scope;
    while (sc !== undefined && this.s.status === "running") {
      if ((this.s.active[sc] ?? 0) > 0) return;
      if (sc === ROOT_SCOPE) {
        this.s.status = "succeeded";
        this.out.push({ type: "finish", status: "succeeded", result: this.result() });
        return;
      }
      const p: { parent: string; loopId: string; index: number } = parseScope(sc)!;
      this.finishItem(sc);
      this.fillLoop(p.loopId, p.parent);
      sc = p.parent;
    }
  }

  private result(): unknown {
    const entries = Object.entries(this.s.terminals);
    if (entries.length === 1) return entries[0]![1];
    return Object.fromEntries(entries.map(([id, v]) => [this.ix.nodes.get(id)?.name ?? id, v]));
  }
}
