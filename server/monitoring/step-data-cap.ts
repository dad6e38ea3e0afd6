// Step data over the size cap (default 1 MiB) is stored truncated: a marker object with the
// original size and a text preview, which the run viewer shows with a notice. A helper for the
// runtime's write path: `capStepData(output)` before writing input/output/error.
export const DEFAULT_STEP_DATA_CAP = 1024 * 1024;
const PREVIEW_CHARS = 4096;

export interface TruncatedStepData {
  __truncated: true;
  originalBytes: number;
  capBytes: number;
  preview: string;
}

export function isTruncatedStepData(v: unknown): v is TruncatedStepData {
  return !!v && typeof v === "object" && (v as { __truncated?: unknown }).__truncated === true;
}

/** The value itself when its JSON fits under the cap, else a truncated marker. */
export function capStepData<T>(value: T, capBytes = DEFAULT_STEP_DATA_CAP): T | TruncatedStepData {
  if (value === null || value === undefined || typeof value !== "object") return value;
  const json = JSON.stringify(value);
  const bytes = Buffer.byteLength(json);
  if (bytes <= capBytes) return value;
  return { __truncated: true, originalBytes: bytes, capBytes, preview: json.slice(0, PREVIEW_CHARS) };
}
