import { createHash } from 'node:crypto';
import { deletePartition } from '../data/delete-partition';
import { conditionalUpdate, type Key, type TableContext } from '../data/table';

/**
 * The caller's counters' partition: a hash of the caller, never the sub
 * itself. The counter is written beside the erasure check, so a request
 * with an erased person's old token would otherwise put their sub back in
 * the table until TTL removed it.
 */
function callerPartition(callerId: string): string {
  return `RATE#${createHash('sha256').update(callerId, 'utf8').digest('base64url')}`;
}

/** Key of one caller's counter for one window (`pk = RATE#<sha256(caller)>`, `sk = <window start>`). */
export function rateWindowKey(callerId: string, windowStart: string): Key {
  return { pk: callerPartition(callerId), sk: windowStart };
}

/**
 * Fixed-window request counters, one small item per caller and minute. The
 * increment and the limit check are one conditional UpdateItem, so callers
 * spread over many Lambda containers share one exact count; TTL removes the
 * item shortly after its window.
 */
export class RateLimitRepository {
  constructor(private readonly table: TableContext) {}

  /** Erasure: deletes the caller's counters (the request counts are about the person; TTL would take minutes). */
  async forget(callerId: string): Promise<void> {
    await deletePartition(this.table, callerPartition(callerId));
  }

  /** Counts one request in the window unless it already holds `limit`; false when over. */
  async take(callerId: string, windowStart: string, windowEndsAt: number, limit: number): Promise<boolean> {
    const { applied } = await conditionalUpdate(this.table, {
      Key: rateWindowKey(callerId, windowStart),
      UpdateExpression: 'ADD requests :one SET #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(requests) OR requests < :limit',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': Math.ceil(windowEndsAt / 1000) + 120 },
    });
    return applied;
  }
}
