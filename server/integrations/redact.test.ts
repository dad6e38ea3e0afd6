import { describe, expect, it } from "vitest";
import { REDACTED, basicAuthSecrets, createRedactor, redact } from "./redact";

const KEY = "abc+def/ghi=jkl secret";

describe("redact", () => {
  it("replaces raw, URL-encoded, form-encoded, base64 and JSON-escaped forms everywhere in a JSON value", () => {
    const b64 = Buffer.from(KEY).toString("base64");
    const input = {
      url: `https://api.example.com/x?key=${encodeURIComponent(KEY)}&other=1`,
      form: `key=${new URLSearchParams({ k: KEY }).toString().slice(2)}`,
      nested: [{ token: KEY }, `Bearer ${b64}`, 42, null, true],
      json: JSON.stringify({ k: KEY }),
      [KEY]: "secret as a key",
    };
    const out = redact(input, [KEY]);
    const text = JSON.stringify(out);
    expect(text).not.toContain("ghi=jkl");
    expect(text).not.toContain(encodeURIComponent(KEY));
    expect(text).not.toContain(b64);
    expect(out.url).toBe(`https://api.example.com/x?key=${REDACTED}&other=1`);
    expect(out.nested[0]).toEqual({ token: REDACTED });
    expect(out.nested.slice(2)).toEqual([42, null, true]);
    expect(Object.keys(out)).toContain(REDACTED);
    expect(input.nested[0]).toEqual({ token: KEY }); // the input is not mutated
  });

  it("redacts header maps, including Basic auth built from user and password", () => {
    const r = createRedactor([...basicAuthSecrets("alice", "hunter22"), "tok_12345"]);
    const h = r.headers({
      authorization: `Basic ${Buffer.from("alice:hunter22").toString("base64")}`,
      "x-api-key": "tok_12345",
      "set-cookie": ["a=tok_12345", "b=1"],
      "x-none": undefined,
    });
    expect(h).toEqual({ authorization: `Basic ${REDACTED}`, "x-api-key": REDACTED, "set-cookie": [`a=${REDACTED}`, "b=1"], "x-none": undefined });
  });

  it("redacts error text and skips trivially short values", () => {
    const r = createRedactor(["pa55word", "ab", undefined, null]);
    expect(r.error(Object.assign(new Error("login failed for pa55word"), { code: "E401" }))).toEqual({
      name: "Error",
      message: `login failed for ${REDACTED}`,
      code: "E401",
    });
    expect(r.string("ab cd")).toBe("ab cd");
  });

  it("survives cycles and buffers", () => {
    const a: Record<string, unknown> = { s: "x pa55word" };
    a.self = a;
    expect(redact({ a, b: Buffer.from("pa55word") }, ["pa55word"])).toEqual({ a: { s: `x ${REDACTED}`, self: "[circular]" }, b: REDACTED });
  });
});
