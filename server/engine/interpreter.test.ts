import { describe, expect, it } from "vitest";
import { g, ix } from "./testing/catalog";
import { runOrder, simulate, type Outcome, type StepCall } from "./testing/simulate";
import type { SerializedError } from "./errors";

const ok = (output: unknown = null, handle?: string): Outcome => ({ output, handle });
const fail = (message = "boom", extra: Partial<SerializedError> = {}): Outcome => ({ error: { message, ...extra } });
const passThrough = (c: StepCall): Outcome => ok(c.input.from[0]?.value ?? c.nodeId);

interface Case {
  name: string;
  graph: ReturnType<typeof g>;
  behave?: (c: StepCall) => Outcome;
  order: string[];
  skipped?: string[];
  status: "succeeded" | "failed" | "canceled";
  check?: (r: ReturnType<typeof simulate>) => void;
  interrupt?: Parameters<typeof simulate>[2]["interrupt"];
}

const cases: Case[] = [
  {
    name: "linear chain runs in order",
    graph: g([["T", "t.trigger"], ["A", "t.task"], ["B", "t.task"], ["C", "t.task"]], [["T", "A"], ["A", "B"], ["B", "C"]]),
    order: ["T", "A", "B", "C"],
    status: "succeeded",
  },
  {
    name: "if takes one branch, the other is skipped",
    graph: g([["T", "t.trigger"], ["I", "t.if"], ["Y", "t.task"], ["N", "t.task"], ["N2", "t.task"]], [["T", "I"], ["I", "Y", "true"], ["I", "N", "false"], ["N", "N2"]]),
    behave: (c) => (c.nodeId === "I" ? ok("x", "true") : ok(c.nodeId)),
    order: ["T", "I", "Y"],
    skipped: ["N", "N2"],
    status: "succeeded",
  },
  {
    name: "join after an if runs once with the live branch only (dead-path elimination)",
    graph: g(
      [["T", "t.trigger"], ["I", "t.if"], ["Y", "t.task"], ["N", "t.task"], ["J", "t.task"]],
      [["T", "I"], ["I", "Y", "true"], ["I", "N", "false"], ["Y", "J"], ["N", "J"]],
    ),
    behave: (c) => (c.nodeId === "I" ? ok(null, "false") : ok(c.nodeId)),
    order: ["T", "I", "N", "J"],
    skipped: ["Y"],
    status: "succeeded",
    check: (r) => expect(r.state.joins).toEqual({}),
  },
  {
    name: "join waits for both live branches and orders inputs by connection",
    graph: g([["T", "t.trigger"], ["A", "t.task"], ["B", "t.task"], ["J", "t.task"]], [["T", "A"], ["T", "B"], ["B", "J"], ["A", "J"]]),
    behave: (c) => (c.nodeId === "J" ? ok(c.input.from.map((d) => d.value)) : ok(c.nodeId)),
    order: ["T", "A", "B", "J"],
    status: "succeeded",
    check: (r) => expect(r.finish).toMatchObject({ status: "succeeded", result: ["B", "A"] }),
  },
  {
    name: "nested loops run the inner body per inner item per outer item and collect results",
    graph: g(
      [["T", "t.trigger"], ["L1", "t.loop"], ["L2", "t.loop"], ["W", "t.task"], ["V", "t.task"], ["End", "t.task"]],
      [["T", "L1"], ["L1", "L2", "item"], ["L2", "W", "item"], ["W", "L2"], ["L2", "V", "done"], ["V", "L1"], ["L1", "End", "done"]],
    ),
    behave: (c) => {
      if (c.nodeId === "L1") return ok(["a", "b"]);
      if (c.nodeId === "L2") return ok([1, 2, 3]);
      if (c.nodeId === "W") return ok(`${String(c.input.item)}`);
      if (c.nodeId === "V") return ok(c.input.from[0]!.value);
      return passThrough(c);
    },
    order: ["T", "L1", "L2@L1:0", "W@L1:0/L2:0", "W@L1:0/L2:1", "W@L1:0/L2:2", "V@L1:0", "L2@L1:1", "W@L1:1/L2:0", "W@L1:1/L2:1", "W@L1:1/L2:2", "V@L1:1", "End"],
    status: "succeeded",
    check: (r) => expect(r.finish).toMatchObject({ result: [["1", "2", "3"], ["1", "2", "3"]] }),
  },
  {
    name: "retry succeeds on attempt 3 with exponential backoff and jitter",
    graph: g([["T", "t.trigger"], ["R", "t.retry"], ["A", "t.task"]], [["T", "R"], ["R", "A"]]),
    behave: (c) => (c.nodeId === "R" && c.attempt < 3 ? fail("flaky") : ok(c.nodeId)),
    order: ["T", "R!", "R!", "R", "A"],
    status: "succeeded",
    check: (r) => expect(r.trace.filter((t) => t.kind === "run" && t.nodeId === "R").map((t) => [t.attempt, t.delayMs])).toEqual([[1, 0], [2, 500], [3, 1000]]),
  },
  {
    name: "Retry-After overrides backoff",
    graph: g([["T", "t.trigger"], ["R", "t.retry"]], [["T", "R"]]),
    behave: (c) => (c.nodeId === "R" && c.attempt === 1 ? fail("429", { retryAfterMs: 120_000 }) : ok()),
    order: ["T", "R!", "R"],
    status: "succeeded",
    check: (r) => expect(r.trace.find((t) => t.kind === "run" && t.attempt === 2)?.delayMs).toBe(120_000),
  },
  {
    name: "non-retryable error fails at once and fails the execution",
    graph: g([["T", "t.trigger"], ["R", "t.retry"], ["A", "t.task"]], [["T", "R"], ["R", "A"]]),
    behave: (c) => (c.nodeId === "R" ? fail("bad request", { retryable: false, status: 400 }) : ok()),
    order: ["T", "R!"],
    status: "failed",
    check: (r) => expect(r.finish).toMatchObject({ status: "failed", nodeId: "R", error: { message: "bad request" } }),
  },
  {
    name: "error caught by the error handle: the error object goes down it and the run continues",
    graph: g([["T", "t.trigger"], ["A", "t.task"], ["OK", "t.task"], ["H", "t.task"]], [["T", "A"], ["A", "OK"], ["A", "H", "error"]]),
    behave: (c) => (c.nodeId === "A" ? fail("nope", { code: "X" }) : passThrough(c)),
    order: ["T", "A!", "H"],
    skipped: ["OK"],
    status: "succeeded",
    check: (r) => expect(r.finish).toMatchObject({ result: { message: "nope", code: "X", nodeId: "A" } }),
  },
  {
    name: "onError continue passes { error } on the main output",
    graph: g([["T", "t.trigger"], ["A", "t.task", {}, { onError: "continue" }], ["B", "t.task"]], [["T", "A"], ["A", "B"]]),
    behave: (c) => (c.nodeId === "A" ? fail("soft") : passThrough(c)),
    order: ["T", "A!", "B"],
    status: "succeeded",
    check: (r) => expect(r.finish).toMatchObject({ result: { error: { message: "soft" } } }),
  },
  {
    name: "a failed loop item goes to the error handle without stopping the others",
    graph: g(
      [["T", "t.trigger"], ["L", "t.loop", { concurrency: 2 }], ["W", "t.task"], ["D", "t.task"], ["E", "t.task"]],
      [["T", "L"], ["L", "W", "item"], ["W", "L"], ["L", "D", "done"], ["L", "E", "error"]],
    ),
    behave: (c) => (c.nodeId === "L" ? ok([1, 2, 3]) : c.nodeId === "W" ? (c.input.item === 2 ? fail("item 2") : ok(Number(c.input.item) * 10)) : passThrough(c)),
    order: ["T", "L", "W@L:0", "W@L:1!", "W@L:2", "D", "E"],
    status: "succeeded",
    check: (r) => {
      expect(r.finish).toMatchObject({ result: { D: [10, 30], E: { code: "LOOP_ITEMS_FAILED", failures: [{ index: 1, item: 2 }] } } });
    },
  },
  {
    name: "a failed loop item without an error handle fails the execution after all items ran",
    graph: g([["T", "t.trigger"], ["L", "t.loop"], ["W", "t.task"], ["D", "t.task"]], [["T", "L"], ["L", "W", "item"], ["L", "D", "done"]]),
    behave: (c) => (c.nodeId === "L" ? ok([1, 2]) : c.nodeId === "W" && c.input.item === 1 ? fail("x") : ok()),
    order: ["T", "L", "W@L:0!", "W@L:1"],
    status: "failed",
    check: (r) => expect(r.finish).toMatchObject({ nodeId: "L", error: { code: "LOOP_ITEMS_FAILED" } }),
  },
  {
    name: "an empty loop goes straight to done",
    graph: g([["T", "t.trigger"], ["L", "t.loop"], ["W", "t.task"], ["D", "t.task"]], [["T", "L"], ["L", "W", "item"], ["L", "D", "done"]]),
    behave: (c) => (c.nodeId === "L" ? ok([]) : passThrough(c)),
    order: ["T", "L", "D"],
    status: "succeeded",
  },
  {
    name: "other triggers and unconnected nodes are dead, so a join on them does not hang",
    graph: g(
      [["T", "t.trigger"], ["E", "t.trigger2"], ["X", "t.task"], ["O", "t.task"], ["J", "t.task"], ["N", "t.note"]],
      [["T", "J"], ["E", "X"], ["X", "J"], ["O", "J"]],
    ),
    order: ["T", "J"],
    skipped: ["E", "X", "O"],
    status: "succeeded",
  },
  {
    name: "cancel stops scheduling: no command after the finish",
    graph: g([["T", "t.trigger"], ["A", "t.task"], ["B", "t.task"]], [["T", "A"], ["A", "B"]]),
    order: ["T"],
    status: "canceled",
    interrupt: { beforeStep: 1, event: { type: "cancel" } },
  },
  {
    name: "a fan-out where one branch fails without a handle fails the execution",
    graph: g([["T", "t.trigger"], ["A", "t.task"], ["B", "t.task"], ["J", "t.task"]], [["T", "A"], ["T", "B"], ["A", "J"], ["B", "J"]]),
    behave: (c) => (c.nodeId === "B" ? fail("b", { retryable: false }) : ok()),
    order: ["T", "A", "B!"],
    status: "failed",
  },
];

describe("interpreter: table of graphs", () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = simulate(ix(c.graph), "T", { behave: c.behave ?? passThrough, random: () => 0.5, interrupt: c.interrupt });
      expect(runOrder(r.trace)).toEqual(c.order);
      if (c.skipped) expect(r.trace.filter((t) => t.kind === "skipped" && t.scope === "").map((t) => t.nodeId).sort()).toEqual([...c.skipped].sort());
      expect(r.finish?.status).toBe(c.status);
      expect(r.lateCommands).toEqual([]);
      c.check?.(r);
    });
  }

  it("timeout fails a running execution", async () => {
    const { next } = await import("./interpreter");
    const index = ix(g([["T", "t.trigger"], ["A", "t.task"]], [["T", "A"]]));
    const s1 = next(index, undefined, { type: "start", triggerNodeId: "T" });
    const s2 = next(index, s1.state, { type: "timeout", timeoutMs: 1000 });
    expect(s2.commands).toEqual([{ type: "finish", status: "failed", error: expect.objectContaining({ code: "TIMEOUT" }) }]);
    // A finished execution never changes again.
    expect(next(index, s2.state, { type: "step.succeeded", nodeId: "T", scope: "", output: 1 }).commands).toEqual([]);
  });

  it("does not mutate the state it is given", async () => {
    const { next } = await import("./interpreter");
    const index = ix(g([["T", "t.trigger"], ["A", "t.task"]], [["T", "A"]]));
    const s1 = next(index, undefined, { type: "start", triggerNodeId: "T" });
    const frozen = JSON.stringify(s1.state);
    next(index, s1.state, { type: "step.succeeded", nodeId: "T", scope: "", output: 1 });
    expect(JSON.stringify(s1.state)).toBe(frozen);
  });

  it("advance() reaches the same states and commands as next(), changing only the state it owns", async () => {
    const { advance, next } = await import("./interpreter");
    const index = ix(
      g([["T", "t.trigger"], ["I", "t.if"], ["Y", "t.task"], ["N", "t.task"], ["J", "t.task"]], [["T", "I"], ["I", "Y", "true"], ["I", "N", "false"], ["Y", "J"], ["N", "J"]]),
    );
    const events = [
      { type: "step.succeeded" as const, nodeId: "T", scope: "", output: { a: 1 } },
      { type: "step.succeeded" as const, nodeId: "I", scope: "", output: { a: 1 }, handle: "true" },
      { type: "step.succeeded" as const, nodeId: "Y", scope: "", output: { y: 2 } },
      { type: "step.succeeded" as const, nodeId: "J", scope: "", output: { j: 3 } },
    ];
    let viaNext = next(index, undefined, { type: "start", triggerNodeId: "T" });
    let viaAdvance = next(index, undefined, { type: "start", triggerNodeId: "T" });
    for (const e of events) {
      viaNext = next(index, viaNext.state, e);
      viaAdvance = advance(index, viaAdvance.state, e);
      expect(viaAdvance.commands).toEqual(viaNext.commands);
      expect(viaAdvance.state).toEqual(viaNext.state);
    }
    expect(viaAdvance.state.status).toBe("succeeded");
  });
});
