// Executors with a fake context (no database).
import { describe, expect, it } from "vitest";
import { evaluateExpression } from "@/server/engine/expression";
import type { NodeRunContext } from "../executor";
import { ifRun } from "./if";
import { switchRun } from "./switch";
import { setRun } from "./set";
import { mergeRun } from "./merge";
import { delayRun } from "./delay";
import { logEventRun } from "./log-event";
import { loopRun } from "./loop";
import { callWorkflowRun } from "./call-workflow";

function ctx<C>(config: C, input: unknown = null, extra: Partial<NodeRunContext<C>> = {}): NodeRunContext<C> & { logs: unknown[] } {
  const logs: unknown[] = [];
  const ec = { trigger: { amount: 150, email: "a@x.com", tags: ["vip"] }, steps: {}, item: null, vars: { input } };
  return {
    config,
    input,
    inputs: Array.isArray(input) ? [] : [{ edge: "e", source: "s", handle: "main", value: input }],
    node: { id: "n", name: "n", type: "t" },
    execution: { id: "x", workflowId: "w", workspaceId: "ws", mode: "test", depth: 0 },
    trigger: ec.trigger,
    item: null,
    itemIndex: undefined,
    scope: "",
    attempt: 1,
    signal: new AbortController().signal,
    idempotencyKey: "x:n:",
    evaluate: (s) => evaluateExpression(s, ec),
    expressionContext: async () => ec,
    log: (level, message, data) => void logs.push({ level, message, data }),
    now: 0,
    logs,
    ...extra,
  };
}

describe("core node executors", () => {
  it("If: condition builder with AND/OR groups, and expression mode", async () => {
    const cfg = (groups: unknown, combinator = "and") => ifRun.definition.config.parse({ groups, combinator });
    const big = { conditions: [{ field: "trigger.amount", operator: "gt", value: "100" }] };
    const vip = { conditions: [{ field: "trigger.tags", operator: "contains", value: "vip" }, { field: "trigger.email", operator: "endsWith", value: "@y.com" }], combinator: "or" };
    const none = { conditions: [{ field: "trigger.missing", operator: "isNotEmpty" }] };
    expect((await ifRun.run(ctx(cfg([big, vip])))) as { handle: string }).toMatchObject({ handle: "true" });
    expect((await ifRun.run(ctx(cfg([big, none])))) as { handle: string }).toMatchObject({ handle: "false" });
    expect((await ifRun.run(ctx(cfg([none, vip], "or")))) as { handle: string }).toMatchObject({ handle: "true" });
    const expr = ifRun.definition.config.parse({ mode: "expression", expression: "trigger.amount < 100" });
    expect(await ifRun.run(ctx(expr, { a: 1 }))).toEqual({ output: { a: 1 }, handle: "false" });
  });

  it("If: a value typed by the author is a literal, never an expression", async () => {
    const c = ifRun.definition.config.parse({ groups: [{ conditions: [{ field: "trigger.email", operator: "equals", value: '" & $string(trigger) & "' }] }] });
    expect(await ifRun.run(ctx(c))).toMatchObject({ handle: "false" });
  });

  it("Switch: first matching route, else default", async () => {
    const c = switchRun.definition.config.parse({ routes: [{ key: "small", expression: "trigger.amount < 100" }, { key: "big", expression: "trigger.amount >= 100" }] });
    expect(await switchRun.run(ctx(c))).toMatchObject({ handle: "big" });
    const d = switchRun.definition.config.parse({ routes: [{ key: "neg", expression: "trigger.amount < 0" }] });
    expect(await switchRun.run(ctx(d))).toMatchObject({ handle: "default" });
  });

  it("Set: nested fields, keep input, refuses prototype keys", async () => {
    const c = setRun.definition.config.parse({ fields: [{ name: "customer.email", value: "a@x.com" }], keepInput: true });
    expect(await setRun.run(ctx(c, { id: 1 }))).toEqual({ output: { id: 1, customer: { email: "a@x.com" } } });
    const bad = setRun.definition.config.parse({ fields: [{ name: "__proto__.polluted", value: "x" }] });
    await expect(setRun.run(ctx(bad))).rejects.toThrow(/cannot be used/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("Merge: append, by position, by key", async () => {
    const inputs = [
      { edge: "a", source: "a", handle: "main", value: [{ id: 1, a: 1 }, { id: 2, a: 2 }] },
      { edge: "b", source: "b", handle: "main", value: [{ id: 2, b: 2 }, { id: 3, b: 3 }] },
    ];
    const run = (mode: string) => mergeRun.run({ ...ctx(mergeRun.definition.config.parse({ mode })), inputs });
    expect(await run("append")).toEqual({ output: [{ id: 1, a: 1 }, { id: 2, a: 2 }, { id: 2, b: 2 }, { id: 3, b: 3 }] });
    expect(await run("position")).toEqual({ output: [{ id: 2, a: 1, b: 2 }, { id: 3, a: 2, b: 3 }] });
    expect(await run("key")).toEqual({ output: [{ id: 1, a: 1 }, { id: 2, a: 2, b: 2 }, { id: 3, b: 3 }] });
  });

  it("Delay: parks for a duration or until a date, passes input on when resumed", async () => {
    expect(await delayRun.run(ctx(delayRun.definition.config.parse({ amount: 2, unit: "minutes" })))).toEqual({ wait: { delayMs: 120_000 } });
    expect(await delayRun.run(ctx(delayRun.definition.config.parse({ mode: "until", until: "2030-01-01T00:00:00Z" })))).toEqual({ wait: { untilMs: Date.parse("2030-01-01T00:00:00Z") } });
    await expect(delayRun.run(ctx(delayRun.definition.config.parse({ mode: "until", until: "not a date" })))).rejects.toThrow(/not a date/);
    expect(await delayRun.run(ctx(delayRun.definition.config.parse({}), { x: 1 }, { resume: { kind: "wait" } }))).toEqual({ output: { x: 1 } });
  });

  it("Log event writes a structured entry and passes input through", async () => {
    const c = ctx(logEventRun.definition.config.parse({ message: "hello", level: "warn" }), { x: 1 });
    expect(await logEventRun.run(c)).toEqual({ output: { x: 1 } });
    expect(c.logs).toEqual([{ level: "warn", message: "hello", data: undefined }]);
  });

  it("Loop: items from the input or the items field, with a limit", async () => {
    expect(await loopRun.run(ctx(loopRun.definition.config.parse({}), [1, 2]))).toEqual({ output: [1, 2] });
    await expect(loopRun.run(ctx(loopRun.definition.config.parse({ maxItems: 1 }), [1, 2]))).rejects.toThrow(/limit is 1/);
  });

  it("Call workflow: asks for a child, then returns its result or fails with its error", async () => {
    const c = callWorkflowRun.definition.config.parse({ workflowId: "00000000-0000-4000-8000-000000000001" });
    expect(await callWorkflowRun.run(ctx(c, { n: 1 }))).toEqual({ call: { workflowId: c.workflowId, input: { n: 1 }, wait: true } });
    expect(await callWorkflowRun.run(ctx(c, null, { resume: { kind: "child", executionId: "c", status: "succeeded", result: 5 } }))).toEqual({ output: 5 });
    await expect(callWorkflowRun.run(ctx(c, null, { resume: { kind: "child", executionId: "c", status: "failed", error: { message: "boom" } } }))).rejects.toThrow(/boom/);
  });
});
