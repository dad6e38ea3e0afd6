/** Header access that works for fetch `Headers`, Node's IncomingHttpHeaders and plain records. */
export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** Case-insensitive lookup; repeated headers are joined with ", " as HTTP says they may be. */
export function getHeader(headers: HeaderBag, name: string): string | undefined {
  const want = name.toLowerCase();
  if (typeof Headers !== "undefined" && headers instanceof Headers) return headers.get(want) ?? undefined;
  const rec = headers as Record<string, string | string[] | undefined>;
  for (const k of Object.keys(rec)) {
    if (k.toLowerCase() !== want) continue;
    const v = rec[k];
    return Array.isArray(v) ? v.join(", ") : v;
  }
  return undefined;
}
