import { describe, expect, it } from "vitest";
import type { StepEdge } from "@/components/canvas/flow-types";
import { connectedOutputs } from "./connected-outputs";

const edge = (id: string, source: string, sourceHandle: string | null, target: string) => ({ id, source, sourceHandle, target }) as StepEdge;

describe("connectedOutputs", () => {
  it("lists each step's connected outputs once, sorted, with a missing handle as main", () => {
    const edges = [edge("1", "if", "true", "a"), edge("2", "if", "false", "b"), edge("3", "if", "true", "c"), edge("4", "a", null, "b")];
    expect(connectedOutputs(edges, "if")).toBe("false|true");
    expect(connectedOutputs(edges, "a")).toBe("main");
    expect(connectedOutputs(edges, "b")).toBe("");
  });

  it("follows a new edges array (the store replaces it on every change)", () => {
    const edges = [edge("1", "a", "main", "b")];
    expect(connectedOutputs(edges, "a")).toBe("main");
    expect(connectedOutputs([...edges, edge("2", "a", "error", "c")], "a")).toBe("error|main");
    expect(connectedOutputs([], "a")).toBe("");
  });
});
