// Property: over random graphs (DAGs with ifs, joins, error handles and a loop) with random node
// failures and random step interleavings, every execution ends, no join hangs, nothing is
// scheduled after the end, every node runs exactly once per item scope or is dead, and next()
// never changes the state it is given.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { g, ix } from "./testing/catalog";
import { simulate, type Outcome } from "./testing/simulate";

interface GenNode {
  type: "t.task" | "t.if" | "t.retry" | "t.pure";
  parents: Array<{ index: number; handle: number }>;
}

const nodeArb = (i: number) =>
  fc.record({
    type: fc.constantFrom<GenNode["type"]>("t.task", "t.if", "t.retry", "t.pure"),
    parents: fc.uniqueArray(fc.record({ index: fc.nat({ max: i - 1 }), handle: fc.nat({ max: 2 }) }), {
      minLength: 1,
      maxLength: Math.min(3, i),
      selector: (p) => p.index,
    }),
  });

const graphArb = fc
  .integer({ min: 2, max: 12 })
  .chain((n) => fc.tuple(...Array.from({ length: n - 1 }, (_, k) => nodeArb(k + 1))))
  .chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes as GenNode[]),
      // Optionally wrap one node as a loop body: node k becomes the body of loop "L".
      loopAt: fc.option(fc.nat({ max: nodes.length - 1 })),
      failRate: fc.double({ min: 0, max: 0.6, noNaN: true }),
      seed: fc.integer(),
    }),
  );

function handlesOf(type: string): string[] {
  if (type === "t.if") return ["true", "false", "error"];
  if (type === "t.pure") return ["main"];
  return ["main", "error"];
}

function buildGraph(spec: { nodes: GenNode[]; loopAt: number | null }) {
  const types = ["t.trigger", ...spec.nodes.map((n) => n.type)];
  const nodes: Array<[string, string]> = types.map((t, i) => [`n${i}`, t]);
  const edges: Array<[string, string, string]> = [];
  spec.nodes.forEach((n, k) => {
    const id = k + 1;
    for (const p of n.parents) {
      const hs = handlesOf(types[p.index]!);
      edges.push([`n${p.index}`, `n${id}`, p.index === 0 ? "main" : hs[p.handle % hs.length]!]);
    }
  });
  if (spec.loopAt !== null) {
    // A leaf loop: n_k → L(item) → B → back to L; L(done) → D. Kept off the DAG's paths so the
    // body never reaches nodes outside the loop.
    const k = spec.loopAt;
    nodes.push(["L", "t.loop"], ["B", "t.task"], ["D", "t.pure"]);
    const hs = handlesOf(types[k]!);
    edges.push([`n${k}`, "L", k === 0 ? "main" : hs[0]!], ["L", "B", "item"], ["B", "L", "main"], ["L", "D", "done"]);
  }
  return g(nodes, edges);
}

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

describe("interpreter properties", () => {
  it("every execution ends; every node runs once per scope or is dead; no join hangs", () => {
    fc.assert(
      fc.property(graphArb, (spec) => {
        const graph = buildGraph(spec);
        const index = ix(graph);
        const r1 = rng(spec.seed);
        const behave = (c: { nodeId: string }): Outcome => {
          const node = graph.nodes.find((n) => n.id === c.nodeId)!;
          if (node.type === "t.trigger" || node.type === "t.pure") return { output: c.nodeId };
          if (node.type === "t.loop") return { output: [1, 2, 3] };
          if (r1() < spec.failRate) return { error: { message: "random failure" } };
          if (node.type === "t.if") return { output: c.nodeId, handle: r1() < 0.5 ? "true" : "false" };
          return { output: c.nodeId };
        };
        const r = simulate(index, "n0", { behave, pick: (n) => Math.floor(r1() * n), random: r1, maxSteps: 5000, checkImmutable: true });

        // 1. The execution ends, with nothing left in flight and nothing scheduled afterwards.
        expect(r.finish).toBeDefined();
        expect(r.lateCommands).toEqual([]);
        if (r.finish!.status === "succeeded") {
          expect(r.state.joins).toEqual({});
          expect(r.state.loops).toEqual({});
          expect(Object.values(r.state.active).every((v) => v === 0)).toBe(true);
        }
        // 2. Per (node, scope): final outcomes at most once; never both run and dead.
        const finals = new Map<string, number>();
        const skipped = new Map<string, number>();
        const attempts = new Map<string, number>();
        for (const t of r.trace) {
          const key = `${t.nodeId}@${t.scope}`;
          if (t.kind === "succeeded") finals.set(key, (finals.get(key) ?? 0) + 1);
          if (t.kind === "skipped") skipped.set(key, (skipped.get(key) ?? 0) + 1);
          if (t.kind === "run") attempts.set(key, Math.max(attempts.get(key) ?? 0, t.attempt ?? 1));
        }
        for (const [k, v] of finals) expect(v, k).toBe(1);
        for (const [k, v] of skipped) {
          expect(v, k).toBe(1);
          expect(finals.has(k) || attempts.has(k), `${k} both ran and was dead`).toBe(false);
        }
        for (const [k, a] of attempts) expect(a, k).toBeLessThanOrEqual(k.startsWith("n") && graph.nodes.find((n) => n.id === k.split("@")[0])?.type === "t.retry" ? 3 : 1);
        // 3. On success, every top-level node either ran or was dead; each loop item ran its body once.
        if (r.finish!.status === "succeeded") {
          for (const n of graph.nodes) {
            if (n.id === "B") continue;
            const k = `${n.id}@`;
            expect(attempts.has(k) || skipped.has(k), `${k} neither ran nor was dead`).toBe(true);
          }
          if (attempts.has("L@")) for (const i of [0, 1, 2]) expect(attempts.has(`B@L:${i}`), `B@L:${i}`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
