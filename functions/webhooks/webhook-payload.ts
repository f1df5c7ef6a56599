import { EVENT_ID_KEYS, type DomainEvent } from '../shared/events/domain-event';
import { webhookEventOf } from '../shared/events/webhook-events';
import { toGlobalId } from '../shared/ids/global-id';

/**
 * The JSON body a subscriber receives, in the Standard Webhooks shape
 * `{ type, timestamp, data }`:
 *
 *     {"type":"SESSION_COMPLETED","timestamp":"2026-12-01T19:40:00.000Z",
 *      "data":{"eventId":"…","coupleId":"Q291cGxlOi4u","sessionId":"UmVjb25uZWN0U2Vzc2lvbjou…","completedAt":"…"}}
 *
 * Only the event type, ids (as the API's global ids, ready for `node(id:)`)
 * and instants: domain events cannot carry anything else (domain-event.ts),
 * so neither can a payload. The receiver fetches details through the API,
 * with the person's consent (token scopes), if it needs them.
 */
export function buildPayload(event: DomainEvent): string {
  const data: Record<string, string> = { eventId: event.id, coupleId: toGlobalId('Couple', event.coupleId) };
  for (const [key, value] of Object.entries(event.data)) {
    const type = EVENT_ID_KEYS[key];
    data[key] = type ? toGlobalId(type, value) : value;
  }
  return JSON.stringify({ type: webhookEventOf(event.type), timestamp: event.occurredAt, data });
}
