import { conditionalUpdate, type Key, type TableContext } from '../data/table';

/** Key of one caller's counter for one window (`pk = RATE#<caller>`, `sk = <window start>`). */
export function rateWindowKey(callerId: string, windowStart: string): Key {
  return { pk: `RATE#${callerId}`, sk: windowStart };
}

/**
 * Fixed-window request counters, one small item per caller and minute. The
 * increment and the limit check are one conditional UpdateItem, so callers
 * spread over many Lambda containers share one exact count; TTL removes the
 * item shortly after its window.
 */
export class RateLimitRepository {
  constructor(private readonly table: TableContext) {}

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
