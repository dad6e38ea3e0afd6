// Step data over the workspace's storage limit is kept as a marker (see
// server/monitoring/step-data-cap.ts and docs/decisions/0802): this finds it and words the notice.
export interface TruncatedMarker {
  __truncated: true;
  originalBytes: number;
  capBytes: number;
  preview: string;
}

function isMarker(v: unknown): v is TruncatedMarker {
  return !!v && typeof v === "object" && (v as { __truncated?: unknown }).__truncated === true && typeof (v as { originalBytes?: unknown }).originalBytes === "number";
}

/** The marker when the value is one, or carries one as `data` (a capped error or log entry). */
export function findTruncated(value: unknown): TruncatedMarker | null {
  if (isMarker(value)) return value;
  if (value && typeof value === "object" && !Array.isArray(value) && isMarker((value as { data?: unknown }).data)) return (value as { data: TruncatedMarker }).data;
  if (Array.isArray(value)) for (const v of value) if (v && typeof v === "object" && isMarker((v as { data?: unknown }).data)) return (v as { data: TruncatedMarker }).data;
  return null;
}

export function formatSize(bytes: number): string {
  const MiB = 1024 * 1024;
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0))} KB`;
  return `${bytes} bytes`;
}

function formatLimit(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : formatSize(bytes);
}

/** "This output was 3.2 MB, over the 1 MiB storage limit; only the first 4 KB are kept." */
export function truncationNotice(m: TruncatedMarker, what: string): string {
  return `This ${what} was ${formatSize(m.originalBytes)}, over the ${formatLimit(m.capBytes)} storage limit; only the first ${formatSize(m.preview.length)} are kept.`;
}
