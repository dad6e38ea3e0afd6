import { describe, expect, it } from "vitest";
import { displayReferences, referenceExpression, referencedStepIds, remapReferences } from "./references";

describe("references", () => {
  it("build paths by stable id, quoting odd keys", () => {
    expect(referenceExpression({ kind: "step", nodeId: "set_ab12c" }, ["customer", "email"])).toBe("steps.set_ab12c.customer.email");
    expect(referenceExpression({ kind: "step", nodeId: "a-b" }, ["first name", 0])).toBe("steps.`a-b`.`first name`[0]");
    expect(referenceExpression({ kind: "trigger" }, ["amount"])).toBe("trigger.amount");
  });

  it("are shown by name and survive renames", () => {
    const names = new Map([["set_ab12c", "Build order"]]);
    const text = "Total: {{ steps.set_ab12c.total }} / {{ steps.gone_1.x }}";
    expect(displayReferences(text, (id) => names.get(id))).toBe("Total: {{ «Build order».total }} / {{ steps.«missing step gone_1».x }}");
    names.set("set_ab12c", "Renamed");
    expect(displayReferences(text, (id) => names.get(id))).toContain("«Renamed».total");
    expect(referencedStepIds(text)).toEqual(["set_ab12c", "gone_1"]);
  });

  it("remap ids of pasted copies", () => {
    expect(remapReferences("{{ steps.a.x }} {{ steps.`b`.y }} {{ steps.c.z }}", new Map([["a", "a2"], ["b", "b2"]]))).toBe("{{ steps.a2.x }} {{ steps.b2.y }} {{ steps.c.z }}");
  });
});
