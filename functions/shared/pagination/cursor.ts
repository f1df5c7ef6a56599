import { ValidationError } from '../errors';

/**
 * Opaque cursors over DynamoDB's LastEvaluatedKey. Pages are key-based, never
 * offsets, so a page costs the same however long the history is.
 *
 * A cursor records the partition it belongs to; one from another list (or
 * another couple) is rejected instead of being used to read elsewhere.
 */
export type KeyRecord = Record<string, string | number>;

/** Encodes the key at which the next page starts. */
export function encodeCursor(partition: string, key: KeyRecord): string {
  return Buffer.from(JSON.stringify({ p: partition, k: key }), 'utf8').toString('base64url');
}

/** Decodes a cursor for `partition`; BAD_USER_INPUT on anything else. */
export function decodeCursor(field: string, cursor: string | null | undefined, partition: string): KeyRecord | undefined {
  if (cursor === null || cursor === undefined) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { p?: unknown; k?: unknown };
    if (parsed.p === partition && parsed.k && typeof parsed.k === 'object') {
      const key = parsed.k as Record<string, unknown>;
      if (Object.values(key).every((v) => typeof v === 'string' || typeof v === 'number')) return key as KeyRecord;
    }
  } catch {
    // fall through: a malformed cursor is the client's input error
  }
  throw invalidCursor(field);
}

/** The error for a cursor that does not belong to the list it was given to. */
export function invalidCursor(field: string): ValidationError {
  return new ValidationError(field, 'must be a cursor returned by this list');
}

/** A page of items with the cursor of the last one. */
export interface Page<T> {
  items: { node: T; cursor: string }[];
  hasNextPage: boolean;
}
