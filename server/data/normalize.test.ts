import { describe, expect, it } from "vitest";
import type { CountryCode } from "libphonenumber-js";
import { collapseSpaces, normalizeDate, normalizeEmail, normalizePhone, normalizeUrl, toTitleCase } from "./normalize";

describe("normalizePhone", () => {
  const cases: [string, CountryCode, string][] = [
    ["020 7946 0958", "GB", "+442079460958"],
    ["+44 (0)20 7946 0958", "US", "+442079460958"],
    ["0044 20 7946 0958", "GB", "+442079460958"],
    ["07911 123456", "GB", "+447911123456"],
    ["(415) 555-2671", "US", "+14155552671"],
    ["415.555.2671", "US", "+14155552671"],
    ["+1 415 555 2671", "DE", "+14155552671"],
    ["1-415-555-2671", "US", "+14155552671"],
    ["030 901820", "DE", "+4930901820"],
    ["0151 23456789", "DE", "+4915123456789"],
    ["06 12 34 56 78", "FR", "+33612345678"],
    ["+33 6 12 34 56 78", "GB", "+33612345678"],
    ["0412 345 678", "AU", "+61412345678"],
    ["98765 43210", "IN", "+919876543210"],
    ["+1 415 555 2671 ext. 12", "US", "+14155552671;ext=12"],
  ];
  it.each(cases)("%s (%s) → %s", (input, country, e164) => {
    expect(normalizePhone(input, country)).toEqual({ ok: true, value: e164 });
  });
  it("accepts a number value (spreadsheet cells)", () => {
    expect(normalizePhone(4155552671, "US")).toEqual({ ok: true, value: "+14155552671" });
  });
  it.each([
    ["12", "GB"],
    ["", "GB"],
    ["abc", "US"],
    ["555-0000", "US"],
    ["+44 20 7946", "GB"],
  ] as [string, CountryCode][])("refuses %s (%s) with a plain message", (input, country) => {
    expect(normalizePhone(input, country)).toEqual({ ok: false, message: `'${input.trim()}' is not a valid phone number for ${country}` });
  });
});

describe("normalizeEmail", () => {
  it.each([
    ["  Ann.Smith@Example.COM ", "ann.smith@example.com"],
    ["ANN@EXAMPLE.CO.UK", "ann@example.co.uk"],
    ["Ann Smith <Ann@Example.com>", "ann@example.com"],
    ["mailto:bob+tag@example.org", "bob+tag@example.org"],
    ["\u00A0bob@example.org\u200B", "bob@example.org"],
    ["jörg@bücher.de", null],
    ["user@bücher.de", "user@xn--bcher-kva.de"],
    ["o'neil@example.ie", "o'neil@example.ie"],
    ["a@b.c", null],
    ["ann@", null],
    ["@example.com", null],
    ["ann example@x.com", null],
    ["ann..b@example.com", null],
    ["ann@example", null],
    ["ann@-example.com", null],
    ["ann@@example.com", null],
  ])("%j → %j", (input, out) => {
    const r = normalizeEmail(input);
    if (out === null) expect(r).toEqual({ ok: false, message: `'${input.trim()}' is not a valid e-mail address` });
    else expect(r).toEqual({ ok: true, value: out });
  });
});

describe("toTitleCase / collapseSpaces", () => {
  it.each([
    ["john smith", "John Smith"],
    ["JOHN SMITH", "John Smith"],
    ["mary-jane o'brien", "Mary-Jane O'Brien"],
    ["don't stop", "Don't Stop"],
    ["d’angelo", "D’Angelo"],
    ["émile zola", "Émile Zola"],
    ["acme gmbh & co. kg", "Acme Gmbh & Co. Kg"],
    ["3m company", "3m Company"],
  ])("%j → %j", (i, o) => expect(toTitleCase(i)).toBe(o));
  it("collapses every kind of space", () => {
    expect(collapseSpaces("  Acme \t\n  Ltd\u00A0\u00A0UK\u200B ")).toBe("Acme Ltd UK");
  });
});

describe("normalizeUrl", () => {
  it.each([
    ["example.com", "https://example.com"],
    ["  HTTPS://Example.COM/ ", "https://example.com"],
    ["http://example.com:80/a/B?x=1#top", "http://example.com/a/B?x=1#top"],
    ["https://example.com:443/path/", "https://example.com/path/"],
    ["www.example.co.uk/Contact", "https://www.example.co.uk/Contact"],
    ["example.com:8080/x", "https://example.com:8080/x"],
    ["//cdn.example.com/a", "https://cdn.example.com/a"],
    ["https://bücher.de", "https://xn--bcher-kva.de"],
  ])("%j → %j", (i, o) => expect(normalizeUrl(i)).toEqual({ ok: true, value: o }));
  it.each(["ftp://example.com", "javascript:alert(1)", "not a url", "acme", "https://", "http://user:pw@example.com"])("refuses %j", (i) => {
    const r = normalizeUrl(i);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(`'${i}'`);
  });
});

describe("normalizeDate", () => {
  it.each([
    ["2025-01-31", {}, "2025-01-31T00:00:00.000Z"],
    ["2025-01-31", { dateOnly: true }, "2025-01-31"],
    ["2025-01-31T14:30", {}, "2025-01-31T14:30:00.000Z"],
    ["2025-01-31 14:30:15.5", {}, "2025-01-31T14:30:15.500Z"],
    ["2025-01-31T14:30:00+01:00", {}, "2025-01-31T13:30:00.000Z"],
    ["2025-01-31T14:30:00-0500", {}, "2025-01-31T19:30:00.000Z"],
    ["2025-07-01 09:00", { timeZone: "Europe/London" }, "2025-07-01T08:00:00.000Z"],
    ["2025-01-01 09:00", { timeZone: "Europe/London" }, "2025-01-01T09:00:00.000Z"],
    ["2025-03-09 12:00", { timeZone: "America/New_York" }, "2025-03-09T16:00:00.000Z"],
    ["2025-01-31T23:30:00Z", { dateOnly: true, timeZone: "Europe/Berlin" }, "2025-02-01"],
    ["31/01/2025", { dateOnly: true }, "2025-01-31"],
    ["01/31/2025", { dateOnly: true }, "2025-01-31"],
    ["03/04/2025", { dateOnly: true, dateOrder: "DMY" }, "2025-04-03"],
    ["03/04/2025", { dateOnly: true, dateOrder: "MDY" }, "2025-03-04"],
    ["31.01.25", { dateOnly: true }, "2025-01-31"],
    ["1/2/99", { dateOnly: true, dateOrder: "MDY" }, "1999-01-02"],
    ["2025/1/5", { dateOnly: true }, "2025-01-05"],
    ["12/25/2025 3:05 pm", { dateOrder: "MDY" }, "2025-12-25T15:05:00.000Z"],
    ["05/05/2025", { dateOnly: true }, "2025-05-05"],
  ] as const)("%j %j → %j", (i, opts, o) => expect(normalizeDate(i, opts)).toEqual({ ok: true, value: o }));

  it("accepts Date objects and epoch milliseconds", () => {
    expect(normalizeDate(new Date("2025-01-31T10:00:00Z"))).toEqual({ ok: true, value: "2025-01-31T10:00:00.000Z" });
    expect(normalizeDate(0)).toEqual({ ok: true, value: "1970-01-01T00:00:00.000Z" });
  });

  it("refuses an ambiguous slash date and says how to fix it", () => {
    expect(normalizeDate("03/04/2025")).toEqual({
      ok: false,
      message: "'03/04/2025' could be 3 April or March 4; set whether this field writes the day or the month first",
    });
  });
  it.each(["2025-02-30", "2025-13-01", "31/02/2025", "2025-01-31T25:00", "tomorrow", "", "13 pm"])("refuses %j", (i) => {
    expect(normalizeDate(i).ok).toBe(false);
  });
  it("refuses an invalid Date", () => expect(normalizeDate(new Date("x")).ok).toBe(false));
});
