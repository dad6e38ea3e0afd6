import { describe, expect, it } from "vitest";
import { capStepData, isTruncatedStepData } from "./step-data-cap";

describe("step data cap", () => {
  it("keeps small values and truncates big ones with a preview", () => {
    expect(capStepData({ a: 1 })).toEqual({ a: 1 });
    const big = { rows: Array.from({ length: 5000 }, (_, i) => ({ i, text: "x".repeat(50) })) };
    const capped = capStepData(big, 10_000);
    expect(isTruncatedStepData(capped)).toBe(true);
    if (isTruncatedStepData(capped)) {
      expect(capped.originalBytes).toBeGreaterThan(10_000);
      expect(capped.preview.length).toBe(4096);
    }
  });
});
