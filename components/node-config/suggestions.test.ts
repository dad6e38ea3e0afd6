import { describe, expect, it } from "vitest";
import { completionAt, rankSuggestions } from "./suggestions";

describe("expression autocomplete", () => {
  it("finds the partial path at the caret, only inside {{ }} for templates", () => {
    expect(completionAt("Hi {{ trig", 10, "template")).toEqual({ partial: "trig", start: 6 });
    expect(completionAt("Hi {{ ", 6, "template")).toEqual({ partial: "", start: 6 });
    expect(completionAt("Hi trig", 7, "template")).toBeNull();
    expect(completionAt("{{ a }} tri", 11, "template")).toBeNull();
    expect(completionAt("steps.set_a.to > 5", 14, "expression")).toEqual({ partial: "steps.set_a.to", start: 0 });
  });

  it("ranks prefix matches of the reference first, then matches of the readable label", () => {
    const all = [
      { ref: "trigger.amount", label: "Start › amount", preview: "150" },
      { ref: "steps.set_a.total", label: "Compute total › total", preview: "150" },
      { ref: "trigger.customer", label: "Start › customer", preview: '"Ada"' },
    ];
    expect(rankSuggestions(all, "trigger.").map((s) => s.ref)).toEqual(["trigger.amount", "trigger.customer"]);
    expect(rankSuggestions(all, "total").map((s) => s.ref)).toEqual(["steps.set_a.total"]);
    expect(rankSuggestions(all, "trigger.amount")).toEqual([]);
  });
});
