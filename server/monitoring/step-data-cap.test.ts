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

describe("step data cap: sizes and messages", () => {
  it("counts UTF-8 bytes only for texts that may be over the cap", async () => {
    const { jsonBytesOverCap, formatBytes, formatCap, outputTooLargeMessage } = await import("./step-data-cap");
    expect(jsonBytesOverCap("x".repeat(300), 1000)).toBeNull();
    expect(jsonBytesOverCap("x".repeat(1000), 1000)).toBeNull();
    expect(jsonBytesOverCap("é".repeat(600), 1000)).toBe(1200);
    expect(formatBytes(Math.round(3.2 * 1024 * 1024))).toBe("3.2 MB");
    expect(formatCap(1024 * 1024)).toBe("1 MiB");
    expect(outputTooLargeMessage(Math.round(3.2 * 1024 * 1024), 1024 * 1024)).toMatch(/^The output is 3\.2 MB, over the 1 MiB limit of this workspace/);
  });
});
