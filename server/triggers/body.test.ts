import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkDeclaredLength, jsonDepthExceeds, parseWebhookBody, readBodyCapped } from "./body";

const b = (s: string) => Buffer.from(s, "utf8");

describe("parseWebhookBody", () => {
  it.each([
    ["application/json", '{"email":"a@x.com","n":[1,2]}', { kind: "json", data: { email: "a@x.com", n: [1, 2] } }],
    ["application/json; charset=utf-8", '\uFEFF  "just a string" ', { kind: "json", data: "just a string" }],
    ["application/cloudevents+json", '{"type":"x"}', { kind: "json", data: { type: "x" } }],
    ["application/json", "   ", { kind: "empty", data: null }],
    ["application/x-www-form-urlencoded", "name=Ann+Smith&tag=a&tag=b&e=%C3%A9", { kind: "form", data: { name: "Ann Smith", tag: ["a", "b"], e: "é" } }],
    ["application/x-www-form-urlencoded", '{"sent":"by curl -d"}', { kind: "json", data: { sent: "by curl -d" } }],
    ["text/plain", "hello\nworld", { kind: "text", data: "hello\nworld" }],
    ["text/plain; charset=iso-8859-1", "M\xfcller", { kind: "text", data: "Müller" }],
    [undefined, "no type given", { kind: "text", data: "no type given" }],
    ["application/json", "", { kind: "empty", data: null }],
  ])("%s %j", (ct, raw, body) => {
    const bytes = ct?.includes("8859") ? Buffer.from(raw, "latin1") : b(raw);
    expect(parseWebhookBody(bytes, ct)).toEqual({ ok: true, body });
  });

  it("malformed JSON → 400 with the parser's reason", () => {
    const r = parseWebhookBody(b('{"a": 1,}'), "application/json");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(400);
    expect(r.message).toMatch(/^Malformed JSON: .+/);
    expect(r.message.length).toBeGreaterThan("Malformed JSON: ".length + 5);
  });

  it("invalid UTF-8 in JSON → 400", () => {
    expect(parseWebhookBody(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), "application/json")).toEqual({ ok: false, status: 400, message: "The body is not valid utf-8 text." });
  });

  it("size cap: default 1 MiB → 413, before any parsing", () => {
    const big = new Uint8Array(1024 * 1024 + 1).fill(0x20);
    expect(parseWebhookBody(big, "application/json")).toEqual({ ok: false, status: 413, message: "The body is 1,048,577 bytes; this webhook accepts at most 1 MiB." });
    expect(parseWebhookBody(new Uint8Array(50 * 1024 * 1024), "application/json")).toMatchObject({ ok: false, status: 413 });
    expect(parseWebhookBody(b("12345"), "application/json", { maxBytes: 4 })).toEqual({ ok: false, status: 413, message: "The body is 5 bytes; this webhook accepts at most 4 bytes." });
  });

  it("10,000 levels of nesting → 400 without a stack overflow", () => {
    const deep = "[".repeat(10_000) + "]".repeat(10_000);
    expect(parseWebhookBody(b(deep), "application/json")).toEqual({ ok: false, status: 400, message: "The JSON is nested more than 64 levels deep." });
    const deepObj = '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000);
    expect(parseWebhookBody(b(deepObj), "application/json", { maxBytes: 10_000_000 })).toMatchObject({ ok: false, status: 400 });
    // Exactly at the limit is fine; brackets inside strings do not count.
    expect(parseWebhookBody(b("[".repeat(64) + "]".repeat(64)), "application/json").ok).toBe(true);
    expect(parseWebhookBody(b(`{"s":"${"[{".repeat(500)}\\"["}`), "application/json").ok).toBe(true);
  });

  it.each([
    ["multipart/form-data; boundary=x", "--x--", 415, "File uploads (multipart) are not accepted by this webhook; send application/json, application/x-www-form-urlencoded, text/plain."],
    ["application/xml", "<a/>", 415, "Content-Type 'application/xml' is not accepted by this webhook; send application/json, application/x-www-form-urlencoded, text/plain."],
    ["application/octet-stream", "\x00\x01", 415, "Content-Type 'application/octet-stream' is not accepted by this webhook; send application/json, application/x-www-form-urlencoded, text/plain."],
    ["text/plain; charset=klingon", "x", 400, "The character set 'klingon' is not supported; send UTF-8."],
  ])("wrong type %s → %i", (ct, raw, status, message) => {
    expect(parseWebhookBody(b(raw), ct)).toEqual({ ok: false, status, message });
  });

  it("a trigger can accept JSON only", () => {
    expect(parseWebhookBody(b("a=1"), "application/x-www-form-urlencoded", { accept: ["json"] })).toEqual({
      ok: false,
      status: 415,
      message: "Content-Type 'application/x-www-form-urlencoded' is not accepted by this webhook; send application/json.",
    });
  });

  it("a JSON body that mimics a multipart files object stays plain data (Ni8mare)", () => {
    const evil = { files: { upload: { filepath: "/etc/passwd", originalFilename: "x.txt", mimetype: "text/plain" } } };
    const r = parseWebhookBody(b(JSON.stringify(evil)), "application/json");
    expect(r).toEqual({ ok: true, body: { kind: "json", data: evil } });
    // Structural guard: the parser has no way to read files at all.
    const src = readFileSync(path.join(__dirname, "body.ts"), "utf8");
    expect(src).not.toMatch(/from "(node:)?fs/);
  });

  it("form keys named __proto__ stay data", () => {
    const r = parseWebhookBody(b("__proto__=x&constructor=y"), "application/x-www-form-urlencoded");
    expect(r.ok && r.body.kind === "form" && Object.getPrototypeOf(r.body.data)).toBe(Object.prototype);
    expect(r.ok && r.body.data).toEqual(JSON.parse('{"__proto__":"x","constructor":"y"}'));
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe("depth scan, Content-Length and streaming cap", () => {
  it("jsonDepthExceeds handles escapes", () => {
    expect(jsonDepthExceeds(b('["\\"[[["]'), 1)).toBe(false);
    expect(jsonDepthExceeds(b("[[]]"), 1)).toBe(true);
  });
  it("checkDeclaredLength answers 413 early", () => {
    expect(checkDeclaredLength("52428800")).toMatchObject({ ok: false, status: 413 });
    expect(checkDeclaredLength("100")).toBeNull();
    expect(checkDeclaredLength("garbage")).toBeNull();
  });
  it("readBodyCapped stops and cancels past the cap", async () => {
    let pulled = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(64 * 1024));
      },
      cancel() {
        cancelled = true;
      },
    });
    const r = await readBodyCapped(stream, 1024 * 1024);
    expect(r).toMatchObject({ ok: false, status: 413 });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(20);
    const small = await readBodyCapped(new Response("hello").body);
    expect(small.ok && Buffer.from(small.bytes).toString()).toBe("hello");
    expect(await readBodyCapped(null)).toEqual({ ok: true, bytes: new Uint8Array(0) });
  });
});

describe("NUL characters", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  it("refuses a body whose values or keys hold U+0000 (the database cannot store it), with the reason", () => {
    for (const body of ['{"name":"a\\u0000b"}', '{"a\\u0000":1}', '[["x\\u0000"]]']) {
      const r = parseWebhookBody(enc(body), "application/json");
      expect(r.ok ? "accepted" : r.message, body).toMatch(/NUL character/);
    }
    const text = parseWebhookBody(enc("line\u0000"), "text/plain");
    expect(text.ok ? "accepted" : text.status).toBe(400);
  });

  it("accepts an escaped backslash followed by u0000, which is plain text", () => {
    const r = parseWebhookBody(enc('{"path":"C:\\\\u0000"}'), "application/json");
    expect(r.ok && r.body.data).toEqual({ path: "C:\\u0000" });
  });
});
