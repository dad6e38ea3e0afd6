import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { defineTable } from "./field-types";
import { describeMerges, previewCsvImport, rejectedRowsCsv, suggestMapping, type CsvPreview } from "./csv-import";

const leads = defineTable({
  name: "Leads",
  uniqueKey: ["email"],
  fields: [
    { key: "email", label: "E-mail", type: "email", required: true },
    { key: "name", label: "Name", type: "text", normalize: { collapseSpaces: true, case: "title" } },
    { key: "phone", label: "Phone", type: "phone", defaultCountry: "GB" },
    { key: "employees", label: "Employees", type: "number", validation: { min: 0, integer: true } },
  ],
});
const mapping = { Email: "email", "Full name": "name", Phone: "phone", Employees: "employees" };
const HEADER = "Email,Full name,Phone,Employees";

function ok(r: Awaited<ReturnType<typeof previewCsvImport>>): CsvPreview {
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** 10,000 rows: i%20==7 invalid (500), i%10==3 repeats row i-3 in other case/spacing (1,000). */
function generate(n: number): string {
  const lines = [HEADER];
  for (let i = 0; i < n; i++) {
    if (i % 20 === 7) lines.push(i % 40 === 7 ? `broken-${i},X,020 7946 0958,1` : `p${i}@example.com,X,12,1`);
    else if (i % 10 === 3) lines.push(`  P${i - 3}@EXAMPLE.com ,"later ${i}",07911 123456,${i}`);
    else lines.push(`p${i}@example.com,person ${i},020 7946 ${String(i % 10000).padStart(4, "0")},${i}`);
  }
  return lines.join("\r\n") + "\r\n";
}

describe("previewCsvImport: 10,000 generated rows", () => {
  it("classifies exactly: 500 rejected, 1,000 merged, the rest insert or update", async () => {
    const csv = generate(10_000);
    // Keys of the first 50 unique rows already exist in the table.
    const existingKeys = new Set(Array.from({ length: 100 }, (_, i) => `["p${i}@example.com"]`));
    const lookups: number[] = [];
    const r = ok(
      await previewCsvImport(Buffer.from(csv, "utf8"), leads, {
        mapping,
        existing: async (keys) => {
          lookups.push(keys.length);
          return keys.filter((k) => existingKeys.has(k));
        },
      }),
    );
    const existingUnique = [...existingKeys].filter((k) => {
      const i = Number(/p(\d+)@/.exec(k)?.[1]);
      return i % 20 !== 7 && i % 10 !== 3;
    }).length;
    expect(existingUnique).toBe(85);
    expect(r.counts).toEqual({ rows: 10_000, insert: 8500 - 85, update: 85, rejected: 500, merged: 1000 });
    expect(lookups).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 500]);
    // The later row won the merge, its values normalized.
    const m = r.merges.find((x) => x.uniqueKey === '["p10@example.com"]');
    expect(m).toEqual({ uniqueKey: '["p10@example.com"]', keptRow: 15, mergedRows: [12] });
    const kept = [...r.inserts, ...r.updates].find((x) => x.uniqueKey === '["p10@example.com"]');
    expect(kept?.values).toEqual({ email: "p10@example.com", name: "Later 13", phone: "+447911123456", employees: 13 });
    expect(r.rejected[0]).toEqual({ row: 9, cells: ["broken-7", "X", "020 7946 0958", "1"], reasons: ["E-mail: 'broken-7' is not a valid e-mail address"] });
    expect(r.rejected[1]?.reasons).toEqual(["Phone: '12' is not a valid phone number for GB"]);
  });
});

describe("previewCsvImport: small files", () => {
  it("merges duplicates within the file (last wins) and says which rows", async () => {
    const csv = `${HEADER}\na@x.com,ann,,1\nb@x.com,bob,,2\nA@X.COM,ann 2,,3\n a@x.com,ann 3,,4\n`;
    const r = ok(await previewCsvImport(csv, leads, { mapping, existing: new Set(['["b@x.com"]']) }));
    expect(r.counts).toEqual({ rows: 4, insert: 1, update: 1, rejected: 0, merged: 2 });
    expect(r.inserts).toEqual([{ row: 5, uniqueKey: '["a@x.com"]', values: { email: "a@x.com", name: "Ann 3", employees: 4 }, givenFields: ["email", "name", "employees"] }]);
    expect(describeMerges(r, leads)).toEqual(["Rows 2, 4 were merged into row 5 (same E-mail; the later row wins)"]);
  });

  it("detects semicolon files, skips blank lines, strips the BOM and rejects ragged rows", async () => {
    const csv = `\uFEFFEmail;Full name;Phone;Employees\n\na@x.com;Ann;;1\nb@x.com;Bob\nc@x.com;Cy;;3;;\n`;
    const r = ok(await previewCsvImport(csv, leads, { mapping }));
    expect(r.headers).toEqual(["Email", "Full name", "Phone", "Employees"]);
    expect(r.counts).toEqual({ rows: 3, insert: 2, update: 0, rejected: 1, merged: 0 });
    expect(r.rejected).toEqual([{ row: 4, cells: ["b@x.com", "Bob"], reasons: ["This row has 2 cells but the header has 4"] }]);
  });

  it("handles quoted cells with commas, quotes and line breaks", async () => {
    const csv = `${HEADER}\n"a@x.com","Smith, ""Jo""\nJunior",,5\n`;
    const r = ok(await previewCsvImport(csv, leads, { mapping }));
    expect(r.inserts[0]?.values.name).toBe('Smith, "Jo" Junior');
  });

  it("builds a rejected-rows CSV that is safe to open and can be re-imported", async () => {
    const csv = `${HEADER}\n=HYPERLINK("http://evil"),x,,1\nok@x.com,y,12,-1\n-2+cmd|' /C calc'!A0,+44 20,+44 20 7946 0958,x\n`;
    const r = ok(await previewCsvImport(csv, leads, { mapping }));
    const report = rejectedRowsCsv(r);
    const back = Papa.parse<string[]>(report).data;
    expect(back[0]).toEqual(["Row", "Problems", "Email", "Full name", "Phone", "Employees"]);
    expect(back[1]?.[0]).toBe("2");
    expect(back[1]?.[2]).toBe(`'=HYPERLINK("http://evil")`);
    expect(back[2]).toEqual(["3", "Phone: '12' is not a valid phone number for GB; Employees: must be at least 0, not -1", "ok@x.com", "y", "12", "-1"]);
    expect(back[3]?.slice(2)).toEqual(["'-2+cmd|' /C calc'!A0", "+44 20", "+44 20 7946 0958", "x"]);
  });

  it("suggests a mapping from labels and keys", () => {
    expect(suggestMapping(["E-Mail", "name", "Mobile", "EMPLOYEES"], leads)).toEqual({ "E-Mail": "email", name: "name", EMPLOYEES: "employees" });
  });
});

describe("previewCsvImport: refuses bad files as a whole", () => {
  const cases: [string, string | Uint8Array, string | RegExp, number?, Record<string, string>?][] = [
    ["unterminated quote", `${HEADER}\na@x.com,"Ann,,1\nb@x.com,Bob,,2\n`, /^Row 2 has a quote \("\) that is never closed/],
    ["text after a closing quote", `${HEADER}\na@x.com,"Ann"x,,1\n`, /^Row 2 has text right after a closing quote/],
    ["Latin-1 bytes", Buffer.from(`${HEADER}\nm@x.com,M\xfcller,,1\n`, "latin1"), "The file is not UTF-8 text (byte 0xFC on line 2 cannot be read)."],
    ["NUL bytes", Buffer.from(`${HEADER}\na@x.com,A\u0000nn,,1\n`), "The file contains NUL bytes (first on line 2)"],
    ["UTF-16", Buffer.from([0xff, 0xfe, 0x45, 0x00]), "The file is saved as UTF-16 text."],
    ["an xlsx file", Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), "This looks like an Excel or zip file, not CSV."],
    ["replacement characters in text", `${HEADER}\nm@x.com,M\uFFFDller,,1\n`, "could not be read (�)"],
    ["too large", `${HEADER}\n${"a@x.com,Ann,,1\n".repeat(200)}`, "The file is 0.0 MB; the limit is 0.0 MB.", 1000],
    ["empty", "", "The file is empty."],
    ["only blank", "\n\n", "The file is empty."],
    ["unmapped key", "Name,Phone\nAnn,\n", "E-mail is the unique key but no column is mapped to it.", undefined, { Name: "name" }],
    ["missing column", "Email\na@x.com\n", "The column 'Full name' is not in the file."],
  ];
  it.each(cases)("%s", async (_name, input, error, maxBytes, m) => {
    const r = await previewCsvImport(input, leads, { mapping: m ?? mapping, maxBytes });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      if (typeof error === "string") expect(r.error).toContain(error);
      else expect(r.error).toMatch(error);
    }
  });

  it("refuses 100 MB against the default 50 MB cap without parsing it", async () => {
    const big = new Uint8Array(100 * 1024 * 1024);
    const r = await previewCsvImport(big, leads, { mapping });
    expect(r).toEqual({ ok: false, error: "The file is 100 MB; the limit is 50 MB. Split it into smaller files." });
  });

  it("refuses a mapping with two columns on one field", async () => {
    const r = await previewCsvImport("Email,Mail\na@x.com,b@x.com\n", leads, { mapping: { Email: "email", Mail: "email" } });
    expect(r).toEqual({ ok: false, error: "The columns 'Email' and 'Mail' are both mapped to E-mail; choose one." });
  });
});
