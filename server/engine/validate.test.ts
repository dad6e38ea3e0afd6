import { describe, expect, it } from "vitest";
import { validateGraph } from "./validate";
import { coreCatalog } from "@/server/nodes/catalog";

const node = (id: string, type: string, config: Record<string, unknown> = {}, name = id) => ({ id, type, name, position: { x: 0, y: 0 }, config });
const edge = (id: string, source: string, target: string, sourceHandle = "main") => ({ id, source, target, sourceHandle });
const graph = (nodes: unknown[], edges: unknown[]) => ({ schemaVersion: 1, nodes, edges });
const T = node("t", "trigger.manual");

function messages(input: unknown): string[] {
  return validateGraph(input, coreCatalog).issues.filter((i) => i.severity === "error").map((i) => i.message);
}

describe("validateGraph", () => {
  it("accepts a valid graph", () => {
    const r = validateGraph(graph([T, node("s", "data.set", { fields: [{ name: "a", value: "{{ trigger.x }}" }] })], [edge("e1", "t", "s")]), coreCatalog);
    expect(r.issues).toEqual([]);
    expect(r.ok).toBe(true);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ["unknown node type", graph([T, node("x", "nope.nope")], [edge("e1", "t", "x")]), /unknown type "nope.nope"/],
    ["dangling edge", graph([T], [edge("e1", "t", "ghost")]), /ends at a node that does not exist \("ghost"\)/],
    ["duplicate edge", graph([T, node("a", "data.set")], [edge("e1", "t", "a"), edge("e2", "t", "a")]), /connected to "a" twice/],
    ["duplicate edge id", graph([T, node("a", "data.set"), node("b", "data.set")], [edge("e1", "t", "a"), edge("e1", "t", "b")]), /Two connections have the id "e1"/],
    ["duplicate node id", graph([T, node("t", "data.set", {}, "other")], []), /Two nodes have the id "t"/],
    ["no trigger", graph([node("a", "data.set")], []), /no trigger/],
    [
      "a cycle that is not a loop",
      graph([T, node("a", "data.set"), node("b", "data.set")], [edge("e1", "t", "a"), edge("e2", "a", "b"), edge("e3", "b", "a")]),
      /cycle that is not a loop: a → b → a/,
    ],
    ["config failing its schema, with the field path", graph([T, node("c", "logic.callWorkflow", { workflowId: "not-a-uuid" })], [edge("e1", "t", "c")]), /"c" workflowId: Invalid UUID/i],
    [
      "nested config path",
      graph([T, node("s", "data.set", { fields: [{ name: "a" }] })], [edge("e1", "t", "s")]),
      /"s" fields\[0\]\.value: /,
    ],
    ["a template with a syntax error", graph([T, node("s", "data.set", { fields: [{ name: "a", value: "x {{ trigger.( }}" }] })], [edge("e1", "t", "s")]), /"s" fields\[0\]\.value: .*position/],
    ["a forbidden name in an expression", graph([T, node("i", "logic.if", { mode: "expression", expression: "trigger.constructor" })], [edge("e1", "t", "i")]), /"constructor" cannot be used/],
    ["an output handle the node does not have", graph([T, node("a", "data.set"), node("b", "data.set")], [edge("e1", "t", "a"), edge("e2", "a", "b", "true")]), /"a" has no output "true"/],
    ["an error handle on a node that cannot fail", graph([T, node("m", "logic.merge"), node("b", "data.set")], [edge("e1", "t", "m"), edge("e2", "m", "b", "error")]), /cannot fail/],
    ["an edge into a trigger", graph([T, node("a", "data.set"), node("t2", "trigger.webhook")], [edge("e1", "t", "a"), edge("e2", "a", "t2")]), /cannot have incoming connections/],
    [
      "a loop body entered from outside",
      graph(
        [T, node("l", "logic.loop"), node("b", "data.set"), node("x", "data.set")],
        [edge("e1", "t", "l"), edge("e2", "l", "b", "item"), edge("e3", "b", "l"), edge("e4", "t", "x"), edge("e5", "x", "b")],
      ),
      /"b" is inside loop "l" but is also reached from "x"/,
    ],
  ];
  for (const [name, input, re] of bad) {
    it(`refuses ${name}`, () => {
      const msgs = messages(input);
      expect(msgs.some((m) => re.test(m)), msgs.join("\n")).toBe(true);
    });
  }

  it("accepts a loop with a back edge (a cycle that is a loop construct)", () => {
    const r = validateGraph(
      graph([T, node("l", "logic.loop"), node("b", "data.set"), node("d", "data.set")], [edge("e1", "t", "l"), edge("e2", "l", "b", "item"), edge("e3", "b", "l"), edge("e4", "l", "d", "done")]),
      coreCatalog,
    );
    expect(r.issues.filter((i) => i.severity === "error")).toEqual([]);
  });

  it("accepts switch routes as handles and warns about unconnected nodes", () => {
    const sw = node("s", "logic.switch", { routes: [{ key: "big", expression: "trigger.n > 10" }] });
    const r = validateGraph(graph([T, sw, node("a", "data.set"), node("b", "data.set"), node("z", "data.set")], [edge("e1", "t", "s"), edge("e2", "s", "a", "big"), edge("e3", "s", "b", "default")]), coreCatalog);
    expect(r.ok).toBe(true);
    expect(r.issues).toEqual([expect.objectContaining({ severity: "warning", code: "unreachable", nodeId: "z" })]);
  });

  it("refuses a malformed document with the path", () => {
    expect(messages({ schemaVersion: 1, nodes: [{ id: "a b" }], edges: [] })[0]).toMatch(/^nodes\[0\]\.id/);
  });
});
