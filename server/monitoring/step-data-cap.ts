// Step data over the size cap (default 1 MiB, a workspace setting: `settings.retention.
// stepDataMaxMiB`) is never stored whole. What the runtime does with it (docs/decisions/0802):
//  - an OUTPUT over the cap fails the step (STEP_DATA_TOO_LARGE, not retryable), and the step row
//    keeps a truncated marker as its output for the run viewer; no later step ever reads it,
//    because only succeeded rows are read as `steps.X` or delivered as input;
//  - an ERROR over the cap keeps its message, code and status, and its `data` becomes the marker
//    (the same capped error is stored and sent down the `error` handle);
//  - LOGS over the cap are replaced by one warning entry carrying the marker.
// The marker: `{ __truncated: true, originalBytes, capBytes, preview }` (the first 4 KB of JSON).
export const DEFAULT_STEP_DATA_CAP = 1024 * 1024;
export const MAX_STEP_DATA_CAP_MIB = 64;
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

/** UTF-8 size of a JSON text when it is over the cap, else null (cheap for small texts). */
export function jsonBytesOverCap(json: string, capBytes: number): number | null {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no byte count.
  if (json.length * 3 <= capBytes) return null;
  const bytes = Buffer.byteLength(json);
  return bytes > capBytes ? bytes : null;
}

export function truncatedMarker(json: string, originalBytes: number, capBytes: number): TruncatedStepData {
  return { __truncated: true, originalBytes, capBytes, preview: json.slice(0, PREVIEW_CHARS) };
}

/** The value itself when its JSON fits under the cap, else a truncated marker. */
export function capStepData<T>(value: T, capBytes = DEFAULT_STEP_DATA_CAP): T | TruncatedStepData {
  if (value === null || value === undefined || typeof value !== "object") return value;
  const json = JSON.stringify(value);
  const bytes = jsonBytesOverCap(json, capBytes);
  return bytes === null ? value : truncatedMarker(json, bytes, capBytes);
}

/** "3.2 MB", "512 KB", "900 bytes" (binary units). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** "1 MiB" for whole MiB caps (how the setting is entered), else formatBytes. */
export function formatCap(capBytes: number): string {
  return capBytes % (1024 * 1024) === 0 ? `${capBytes / (1024 * 1024)} MiB` : formatBytes(capBytes);
}

export const STEP_DATA_TOO_LARGE = "STEP_DATA_TOO_LARGE";

export function outputTooLargeMessage(bytes: number, capBytes: number): string {
  return `The output is ${formatBytes(bytes)}, over the ${formatCap(capBytes)} limit of this workspace: it was not stored and no later step ran on it. Return less data (select fields, paginate) or raise the limit in Monitoring → run history, then retry.`;
}
