import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors';

/**
 * Relay-style global ids: `base64url("<Type>:<localId>")`. Clients treat them
 * as opaque; the type prefix lets `node(id:)` route without a table read and
 * lets every resolver reject an id of the wrong type as "not found".
 */
export type NodeType = 'Person' | 'Couple' | 'Prompt' | 'ReconnectSession' | 'Reflection' | 'Reminder' | 'Webhook' | 'Practice';

/** Encodes a global id. */
export function toGlobalId(type: NodeType, localId: string): string {
  return Buffer.from(`${type}:${localId}`, 'utf8').toString('base64url');
}

/** Decodes any global id; null when it is not one of ours. */
export function fromGlobalId(globalId: string): { type: NodeType; localId: string } | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 200) return null;
  const decoded = Buffer.from(globalId, 'base64url').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator <= 0) return null;
  const localId = decoded.slice(separator + 1);
  // Local ids are UUIDs, prompt slugs or token subjects; control characters never are.
  if (localId.length === 0 || localId.length > 128 || /[\u0000-\u001f]/.test(localId)) return null;
  return { type: decoded.slice(0, separator) as NodeType, localId };
}

/** The local id when `globalId` is an id of `type`, else null (callers answer "not found"). */
export function localIdOf(globalId: string, type: NodeType): string | null {
  const parsed = fromGlobalId(globalId);
  return parsed && parsed.type === type ? parsed.localId : null;
}

/** A new random local id. */
export function newLocalId(): string {
  return randomUUID();
}

/**
 * The local id of an input id that must name an object of `type`; NOT_FOUND
 * naming `field` otherwise (a malformed or wrong-type id is "not found", like
 * an absent object).
 */
export function requireLocalId(globalId: string, type: NodeType, field: string, what: string = type): string {
  const id = localIdOf(globalId, type);
  if (!id) throw new NotFoundError(what, field);
  return id;
}
