// Display helpers for the data UI: cell text, field keys from labels, file downloads.
import type { FieldDef } from "@/server/data/field-types";

/** How a stored value reads in a cell. */
export function cellText(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (f.type === "boolean") return v ? "Yes" : "No";
  if (f.type === "multi_select" && Array.isArray(v)) return v.join(", ");
  if (f.type === "json") return JSON.stringify(v);
  if (f.type === "datetime" && typeof v === "string" && !f.dateOnly) return v.replace("T", " ").replace(/:00\.000Z$|\.000Z$/, "").replace(/Z$/, "") + " UTC";
  if (f.type === "number" && typeof v === "number") return v.toLocaleString("en-US", { maximumFractionDigits: 10 });
  return String(v);
}

/** The text an editor starts from (raw enough to re-parse). */
export function editText(f: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return "";
  if (f.type === "multi_select" && Array.isArray(v)) return v.join(", ");
  if (f.type === "json") return JSON.stringify(v);
  if (f.type === "boolean") return v ? "yes" : "no";
  return String(v);
}

/** "Company name" → "company_name": a field key people never have to type. */
export function keyFromLabel(label: string, taken: Set<string>): string {
  let base = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/([a-z0-9])[-'’]([a-z0-9])/g, "$1$2") // "E-mail" → email, "Customer's" → customers
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 50);
  if (!/^[a-z]/.test(base)) base = `f_${base}`.replace(/_+$/, "") || "field";
  let key = base;
  for (let i = 2; taken.has(key); i++) key = `${base}_${i}`;
  return key;
}

export function downloadText(fileName: string, text: string, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file's bytes as base64: the server checks the encoding itself, so the browser must not decode it. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
