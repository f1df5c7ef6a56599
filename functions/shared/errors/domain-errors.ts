/**
 * The project's error hierarchy. Domain code throws these; the GraphQL layer
 * maps them to the contract's `extensions.code` in exactly one place
 * (functions/graphql/errors/format-error.ts). Anything else that escapes is
 * treated as a bug and masked as INTERNAL_SERVER_ERROR.
 */

/** Codes fixed by the contract (shared/contract/README.md). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RATE_LIMITED';

export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  /** Extra, client-safe facts (never internals) placed beside `code` in extensions. */
  readonly details: Record<string, unknown>;

  protected constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** No token, or a token that fails verification. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'A valid bearer token is required') {
    super(message);
  }
}

/** The token lacks a scope, or the caller's role does not allow an action on an object it may see. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/**
 * The object does not exist or the caller may not see it. The message is the
 * same in both cases on purpose: it must not leak existence.
 */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(what: string, field?: string) {
    super(`${what} not found`, field ? { field } : {});
  }
}

/** Input out of range or malformed; names the field and the rule it broke. */
export class ValidationError extends DomainError {
  readonly code = 'BAD_USER_INPUT';
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(`${field}: ${rule}`, { field, rule });
  }
}

/** The write lost a race or breaks a one-of rule: stale version, second couple, used invite. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }
}

/** Too many requests for this caller. */
export class RateLimitedError extends DomainError {
  readonly code = 'RATE_LIMITED';
  constructor(
    message = 'Too many requests; retry later',
    readonly retryAfterSeconds?: number,
  ) {
    super(message, retryAfterSeconds === undefined ? {} : { retryAfterSeconds });
  }
}
