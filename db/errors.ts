// Drizzle wraps driver errors ("Failed query: …") and keeps the Postgres error as `cause`.
interface PgErrorLike {
  code?: string;
  message?: string;
  constraint?: string;
}

export function pgErrorOf(e: unknown): PgErrorLike | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === "object"; i++) {
    const c = cur as PgErrorLike & { cause?: unknown };
    if (typeof c.code === "string" && /^[0-9A-Z]{5}$/.test(c.code)) return c;
    cur = c.cause;
  }
  return undefined;
}

export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const pg = pgErrorOf(e);
  return pg?.code === "23505" && (!constraint || pg.constraint === constraint);
}

/** The innermost database message, for logs and tests. */
export function dbErrorMessage(e: unknown): string {
  const pg = pgErrorOf(e);
  if (pg?.message) return pg.message;
  return e instanceof Error ? e.message : String(e);
}
