// Domain errors thrown by services; the tRPC layer maps them to HTTP-ish codes.
export interface FieldIssue {
  /** Dotted path of the field the message is about ("name", "nodes.3.config.url"); "" for the whole input. */
  path: string;
  message: string;
  /** The graph node the issue belongs to, when it is about a node. */
  nodeId?: string;
}

export class NotFoundError extends Error {
  readonly kind = "not_found";
  constructor(what: string) {
    super(`${what} was not found`);
  }
}

export class ConflictError extends Error {
  readonly kind = "conflict";
}

export class ForbiddenError extends Error {
  readonly kind = "forbidden";
}

export class ValidationError extends Error {
  readonly kind = "validation";
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

export type DomainError = NotFoundError | ConflictError | ForbiddenError | ValidationError;

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof NotFoundError || e instanceof ConflictError || e instanceof ForbiddenError || e instanceof ValidationError;
}
