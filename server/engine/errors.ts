// Errors as plain data: they are stored in step rows, sent down `error` handles and shown in the
// run view, so they must survive JSON round trips. Classes exist only for throwing inside nodes.

export interface SerializedError {
  message: string;
  /** Stable machine code, e.g. "TIMEOUT", "EXPRESSION", "HTTP_503", "WORKER_LOST". */
  code?: string;
  /** false = fail at once (validation, 4xx); undefined or true = the retry policy decides. */
  retryable?: boolean;
  /** Server-requested delay before the next attempt (Retry-After), in milliseconds. */
  retryAfterMs?: number;
  /** Where the error came from, for messages like "node X, field Y, position 12". */
  nodeId?: string;
  field?: string;
  position?: number;
  status?: number;
  data?: unknown;
}

/** Thrown by a node for errors that retrying cannot fix. */
export class NonRetryableError extends Error {
  readonly retryable = false;
  constructor(
    message: string,
    readonly code = "NON_RETRYABLE",
    readonly data?: unknown,
  ) {
    super(message);
    this.name = "NonRetryableError";
  }
}

/** Thrown by a node when the remote side asked to be called again later. */
export class RetryAfterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
    readonly code = "RETRY_AFTER",
  ) {
    super(message);
    this.name = "RetryAfterError";
  }
}

/** A user-facing error with a code, raised by the engine itself (validation, expressions…). */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details: Omit<SerializedError, "message" | "code"> = {},
  ) {
    super(message);
    this.name = "EngineError";
  }
}

const MAX_MESSAGE = 2000;

export function serializeError(e: unknown): SerializedError {
  if (e && typeof e === "object") {
    const o = e as Record<string, unknown>;
    const out: SerializedError = {
      message: truncate(typeof o.message === "string" ? o.message : String(e)),
    };
    if (typeof o.code === "string") out.code = o.code;
    if (e instanceof EngineError) Object.assign(out, e.details);
    if (typeof o.retryable === "boolean") out.retryable = o.retryable;
    if (typeof o.retryAfterMs === "number" && Number.isFinite(o.retryAfterMs)) out.retryAfterMs = o.retryAfterMs;
    if (typeof o.status === "number") out.status = o.status;
    if (typeof o.position === "number") out.position = o.position;
    if (o.data !== undefined) out.data = jsonSafe(o.data);
    return out;
  }
  return { message: truncate(String(e)) };
}

function truncate(s: string): string {
  return s.length > MAX_MESSAGE ? `${s.slice(0, MAX_MESSAGE)}…` : s;
}

function jsonSafe(v: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(v)) as unknown;
  } catch {
    return String(v);
  }
}
