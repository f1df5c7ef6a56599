import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError } from '../../shared/errors';
import type { Logger } from '../../shared/logging/logger';
import { currentRequestIds } from '../../shared/logging/request-id';
import { RequestRefusal } from './request-refusal';

/** Codes Apollo and graphql-js produce for malformed operations; they are safe to show. */
const OPERATION_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'RATE_LIMITED',
]);

/**
 * The one place where errors become the contract's `extensions.code`.
 * - A DomainError keeps its message and code (and client-safe details).
 * - Errors about the operation itself (syntax, validation, query limits,
 *   variable coercion) keep theirs; a scalar's ValidationError inside one
 *   becomes BAD_USER_INPUT.
 * - A request Apollo refused before execution with an HTTP 4xx but no code
 *   (a persisted-query hash that does not match its query, an unknown APQ
 *   version) is the client's mistake: BAD_USER_INPUT with Apollo's message.
 * - Everything else is a bug: logged in full, answered with a generic
 *   INTERNAL_SERVER_ERROR so that no stack, table name or SDK message leaks.
 * Every error carries `extensions.requestId`, the id of the log lines (and
 * of the `x-request-id` header) support needs to find what happened.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => withRequestId(format(formatted, error));

  function format(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
    // A refused request (e.g. an Idempotency-Key reused for another request) has no path to unwrap.
    const original = error instanceof RequestRefusal ? error.refusal : unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: original.code, ...original.details },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && OPERATION_ERROR_CODES.has(code) && !formatted.path) {
      const inner = error instanceof GraphQLError ? error.originalError : undefined;
      const fromScalar = inner instanceof DomainError ? inner : undefined;
      return {
        message: formatted.message,
        locations: formatted.locations,
        extensions: {
          // BAD_REQUEST (Apollo's, e.g. no query) is not a contract code; BAD_USER_INPUT is what the contract calls malformed input.
          code: fromScalar ? fromScalar.code : code === 'BAD_REQUEST' ? 'BAD_USER_INPUT' : code,
          // The one detail a refused request carries: when to try again.
          ...(formatted.extensions?.retryAfterSeconds !== undefined ? { retryAfterSeconds: formatted.extensions.retryAfterSeconds } : {}),
        },
      };
    }
    if (isRefusedRequest(error)) {
      // e.g. a persisted-query hash that does not match its query: Apollo refuses it with HTTP 400 but no code.
      return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT' } };
    }
    logger.error('Unhandled error', {
      error: original instanceof Error ? { name: original.name, message: original.message, stack: original.stack } : String(original),
      path: formatted.path,
    });
    return {
      message: 'Internal server error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  }
}

function withRequestId(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const requestId = currentRequestIds()?.requestId;
  return requestId ? { ...formatted, extensions: { ...formatted.extensions, requestId } } : formatted;
}

/** An error Apollo raised itself (no resolver path, no cause) with a client HTTP status. */
function isRefusedRequest(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.path || error.originalError) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
