import { GraphQLError } from 'graphql';
import type { DomainError } from '../../shared/errors';

/**
 * A DomainError that refuses the whole request before execution (thrown from
 * a plugin's `didResolveOperation`), answered with its own HTTP status.
 * format-error.ts gives it the DomainError's code and details, as it does a
 * resolver's.
 */
export class RequestRefusal extends GraphQLError {
  constructor(
    readonly refusal: DomainError,
    status: number,
    headers: Record<string, string> = {},
  ) {
    super(refusal.message, { originalError: refusal, extensions: { http: { status, headers: new Map(Object.entries(headers)) } } });
  }
}
