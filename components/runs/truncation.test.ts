import { describe, expect, it } from "vitest";
import { findTruncated, formatSize, truncationNotice } from "./truncation";

const marker = { __truncated: true as const, originalBytes: Math.round(3.2 * 1024 * 1024), capBytes: 1024 * 1024, preview: "x".repeat(4096) };

describe("truncated step data notice", () => {
  it("words the notice with the original size, the limit and what is kept", () => {
    expect(truncationNotice(marker, "output")).toBe("This output was 3.2 MB, over the 1 MiB storage limit; only the first 4 KB are kept.");
    expect(truncationNotice({ ...marker, originalBytes: 5 * 1024 * 1024, capBytes: 2 * 1024 * 1024, preview: "{}" }, "error detail")).toBe(
      "This error detail was 5 MB, over the 2 MiB storage limit; only the first 2 bytes are kept.",
    );
  });

  it("finds the marker itself, in an error's data, or in a log entry", () => {
    expect(findTruncated(marker)).toBe(marker);
    expect(findTruncated({ message: "boom", data: marker })).toBe(marker);
    expect(findTruncated([{ level: "warn", message: "cut", data: marker }])).toBe(marker);
    expect(findTruncated({ __truncated: "yes", originalBytes: 1 })).toBeNull();
    expect(findTruncated({ rows: [1, 2] })).toBeNull();
    expect(findTruncated(null)).toBeNull();
  });

  it("formats sizes", () => {
    expect(formatSize(900)).toBe("900 bytes");
    expect(formatSize(1536)).toBe("1.5 KB");
    expect(formatSize(512 * 1024)).toBe("512 KB");
    expect(formatSize(1024 * 1024)).toBe("1 MB");
  });
});
