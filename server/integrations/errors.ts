/**
 * Typed errors of the outbound layer. Every error carries a stable `code` for the step log and
 * the retry policy, a `retryable` flag, and whether any request bytes may have reached the
 * peer (`requestSent`) — a failure before the connection was made is safe to retry even for a
 * non-idempotent method.
 */

export type OutboundErrorCode =
  | "SSRF_BLOCKED"
  | "INVALID_URL"
  | "DNS_FAILED"
  | "NETWORK"
  | "TIMEOUT"
  | "ABORTED"
  | "RESPONSE_TOO_LARGE"
  | "TOO_MANY_REDIRECTS"
  | "INVALID_RESPONSE"
  | "CIRCUIT_OPEN"
  | "RATE_LIMITED"
  | "CREDENTIAL_INVALID"
  | "SMTP_REJECTED";

export interface OutboundErrorOptions {
  retryable: boolean;
  requestSent?: boolean;
  /** Low-level cause code, e.g. ECONNREFUSED. */
  cause?: unknown;
  causeCode?: string;
  details?: Record<string, unknown>;
}

export class OutboundError extends Error {
  readonly code: OutboundErrorCode;
  readonly retryable: boolean;
  readonly requestSent: boolean;
  readonly causeCode: string | undefined;
  readonly details: Record<string, unknown>;

  constructor(code: OutboundErrorCode, message: string, options: OutboundErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "OutboundError";
    this.code = code;
    this.retryable = options.retryable;
    this.requestSent = options.requestSent ?? false;
    this.causeCode = options.causeCode;
    this.details = options.details ?? {};
  }

  /** A plain object for the step log (no stack, no cause chain that could carry secrets). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable, ...this.details };
  }
}

/** Why a target was refused; `category` names the address range or the rule. */
export type BlockCategory =
  | "scheme"
  | "loopback"
  | "private"
  | "carrierGradeNat"
  | "linkLocal"
  | "uniqueLocal"
  | "multicast"
  | "broadcast"
  | "unspecified"
  | "reserved"
  | "nat64"
  | "tunnel"
  | "nonGlobal"
  | "invalidAddress";

export class OutboundBlockedError extends OutboundError {
  readonly category: BlockCategory;
  /** The address (or URL, for a scheme refusal) that was refused. */
  readonly target: string;

  constructor(category: BlockCategory, target: string, message: string) {
    // Never retryable: the same target will be refused again, and retrying an SSRF probe only
    // gives an attacker more tries.
    super("SSRF_BLOCKED", message, { retryable: false, requestSent: false, details: { category, target } });
    this.name = "OutboundBlockedError";
    this.category = category;
    this.target = target;
  }
}

export function isOutboundError(e: unknown): e is OutboundError {
  return e instanceof OutboundError;
}
