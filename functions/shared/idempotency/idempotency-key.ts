import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';

/** The request header a client sets to make a retried mutation safe (IETF httpapi "The Idempotency-Key HTTP Header Field"). */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** The response header on the answer to a retry of an already applied request (409 CONFLICT, APPLIED). */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

const MAX_KEY_LENGTH = 255;

/**
 * The header's value as the key, or BAD_USER_INPUT naming the header and the
 * rule: 1 to 255 printable ASCII characters. A UUID v4 is what clients are
 * told to send; the rule only keeps the key a bounded, loggable string.
 */
export function requireIdempotencyKey(value: string): string {
  if (value.length < 1 || value.length > MAX_KEY_LENGTH || !/^[\x20-\x7e]+$/.test(value)) {
    throw new ValidationError(IDEMPOTENCY_KEY_HEADER, `must be 1 to ${MAX_KEY_LENGTH} printable ASCII characters (U+0020 to U+007E)`);
  }
  return value;
}

/** What identifies "the same request" for one key: the operation as the client sent it. */
export interface FingerprintedRequest {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

/**
 * sha256 of the query text, the operation name and the variables. Variables
 * are serialized with sorted object keys: a client that rebuilds the same
 * variables in another key order is sending the same request.
 */
export function requestFingerprint(request: FingerprintedRequest): string {
  const canonical = JSON.stringify([request.query, request.operationName ?? null, sortedKeys(request.variables ?? null)]);
  return createHash('sha256').update(canonical, 'utf8').digest('base64url');
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, inner]) => [key, sortedKeys(inner)]));
}
