import { describe, expect, it } from "vitest";
import { errorFingerprint, normalizeMessage } from "./fingerprint";

describe("error fingerprints", () => {
  it("strips ids, numbers, uuids, e-mails and quoted values", () => {
    expect(normalizeMessage('Contact "Ada" (ada@example.com) not found: id 6f1e2d3c-1111-4222-8333-944445555666, row 42')).toBe(
      "Contact <value> (<email>) not found: id <uuid>, row <n>",
    );
    expect(normalizeMessage("HTTP 503 from https://api.example.com/v1/leads/991 after 3 tries")).toBe("HTTP <n> from <url> after <n> tries");
    expect(normalizeMessage("request req_8f7a6b5c4d3e2f1a failed")).toBe("request <id> failed");
  });

  it("groups by node type and normalized message", () => {
    const a = errorFingerprint("http.request", "HTTP 500 for order 123");
    expect(errorFingerprint("http.request", "HTTP 502 for order 99999")).toBe(a);
    expect(errorFingerprint("email.send", "HTTP 500 for order 123")).not.toBe(a);
    expect(errorFingerprint("http.request", "Timed out for order 1")).not.toBe(a);
  });
});
