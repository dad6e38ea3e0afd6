import { describe, expect, it } from "vitest";
import { instantiateFragment, parseFragment, serializeFragment } from "./clipboard";

const known = (t: string) => t === "data.set" || t === "trigger.manual";
const a = { id: "set_a", type: "data.set", name: "Build", position: { x: 10, y: 20 }, config: { fields: [{ name: "x", value: "{{ steps.set_b.y }}" }] }, notes: "" };
const b = { id: "set_b", type: "data.set", name: "Other", position: { x: 200, y: 20 }, config: {}, notes: "" };

describe("clipboard", () => {
  it("round-trips steps with the edges between them only", () => {
    const text = serializeFragment([a, b], [
      { id: "e1", source: "set_b", sourceHandle: "main", target: "set_a" },
      { id: "e2", source: "outside", sourceHandle: "main", target: "set_a" },
    ]);
    const parsed = parseFragment(text, known);
    expect(parsed.ok && parsed.fragment.edges.map((e) => e.id)).toEqual(["e1"]);
  });

  it("refuses malformed text, non-graphs and unknown types with a short reason", () => {
    expect(parseFragment("{nope", known)).toEqual({ ok: false, reason: "The clipboard does not contain workflow steps." });
    expect(parseFragment('{"nodes": [{"id": 1}]}', known).ok).toBe(false);
    expect(parseFragment("[]", known).ok).toBe(false);
    const r = parseFragment(JSON.stringify({ nodes: [{ ...a, type: "x.y" }] }), known);
    expect(r).toEqual({ ok: false, reason: 'Cannot paste: unknown step type "x.y".' });
  });

  it("gives pasted steps new ids and names, and references follow the new ids", () => {
    const parsed = parseFragment(serializeFragment([a, b], [{ id: "e1", source: "set_b", sourceHandle: "main", target: "set_a" }]), known);
    if (!parsed.ok) throw new Error(parsed.reason);
    const out = instantiateFragment(parsed.fragment, { ids: new Set(["set_a", "set_b"]), names: new Set(["Build", "Other"]) }, { dx: 40, dy: 40 });
    const [na, nb] = out.nodes;
    expect(na!.id).not.toBe("set_a");
    expect([na!.name, nb!.name]).toEqual(["Build 2", "Other 2"]);
    expect(na!.position).toEqual({ x: 50, y: 60 });
    expect((na!.config.fields as { value: string }[])[0]!.value).toBe(`{{ steps.${nb!.id}.y }}`);
    expect(out.edges).toEqual([expect.objectContaining({ source: nb!.id, target: na!.id })]);
  });
});
