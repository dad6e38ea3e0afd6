/**
 * Reading an uploaded CSV file's bytes into text, refusing what is not a UTF-8 text file.
 * A wrong encoding silently turns "Müller" into "M�ller" in the CRM forever, so we stop and say
 * how to re-save the file instead of guessing.
 */
export const DEFAULT_MAX_CSV_BYTES = 50 * 1024 * 1024;

export type Decoded = { ok: true; text: string } | { ok: false; error: string };

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

function lineAt(bytes: Uint8Array, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Position of the first byte that is not valid UTF-8, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) [n, min] = [1, 0x80];
    else if (c >= 0xe0 && c <= 0xef) [n, min] = [2, 0x800];
    else if (c >= 0xf0 && c <= 0xf4) [n, min] = [3, 0x10000];
    else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}

const RESAVE = "Save it from your spreadsheet program as 'CSV UTF-8 (comma delimited)' and upload it again.";

export function decodeCsv(input: string | Uint8Array, maxBytes = DEFAULT_MAX_CSV_BYTES): Decoded {
  const size = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.byteLength;
  if (size > maxBytes) return { ok: false, error: `The file is ${mb(size)}; the limit is ${mb(maxBytes)}. Split it into smaller files.` };
  if (size === 0) return { ok: false, error: "The file is empty." };
  let text: string;
  if (typeof input === "string") {
    text = input;
    // A caller that decoded with replacement characters has already lost the original letters.
    if (text.includes("\uFFFD")) return { ok: false, error: `The file contains characters that could not be read (�); it is not UTF-8 text. ${RESAVE}` };
  } else {
    const b = input;
    if ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff)) {
      return { ok: false, error: `The file is saved as UTF-16 text. ${RESAVE}` };
    }
    if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) {
      return { ok: false, error: `This looks like an Excel or zip file, not CSV. ${RESAVE}` };
    }
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(b);
    } catch {
      // Only on failure do we walk the bytes ourselves, to tell the user where.
      const bad = Math.max(0, firstInvalidUtf8(b));
      const hex = (b[bad] as number).toString(16).toUpperCase().padStart(2, "0");
      return { ok: false, error: `The file is not UTF-8 text (byte 0x${hex} on line ${lineAt(b, bad)} cannot be read). ${RESAVE}` };
    }
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) {
    const line = text.slice(0, nul).split("\n").length;
    return { ok: false, error: `The file contains NUL bytes (first on line ${line}); it is a binary file, not CSV text. ${RESAVE}` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // Excel's UTF-8 byte-order mark
  if (text.trim() === "") return { ok: false, error: "The file is empty." };
  return { ok: true, text };
}
