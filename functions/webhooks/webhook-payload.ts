import { randomUUID } from 'node:crypto';
import { EVENT_ID_KEYS, type DomainEvent } from '../shared/events/domain-event';
import { webhookEventOf, type WebhookEvent } from '../shared/events/webhook-events';
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

/** The id keys of each event's real payload, so a test event has the shape of the real one. */
const TEST_DATA_IDS: Readonly<Record<WebhookEvent, readonly string[]>> = {
  RECONNECT_REMINDER_DUE: ['reminderId'],
  SESSION_COMPLETED: ['sessionId'],
  REFLECTION_SHARED: ['reflectionId', 'sessionId'],
  CARE_TEAM_ALERT: ['reminderId'],
};

/** The instant key of each event's real payload. */
const TEST_DATA_INSTANT: Readonly<Record<WebhookEvent, string>> = {
  RECONNECT_REMINDER_DUE: 'dueAt',
  SESSION_COMPLETED: 'completedAt',
  REFLECTION_SHARED: 'sharedAt',
  CARE_TEAM_ALERT: 'dueAt',
};

/**
 * The body of a test event (sendTestWebhookEvent): the real event's shape,
 * the owner's real id (the couple's; for a practice's webhook the practice's,
 * beside a made-up couple id, since its real events each name one of its
 * couples), made-up ids (`test_…`, naming nothing the API has) and
 * `"test": true`, so a receiver can route it like the real thing and still
 * tell it apart.
 */
export function buildTestPayload(
  event: WebhookEvent,
  input: { eventId: string; coupleId: string; practiceId?: string | null; at: string },
): string {
  const data: Record<string, string> = { eventId: input.eventId, coupleId: toGlobalId('Couple', input.coupleId) };
  for (const key of TEST_DATA_IDS[event]) {
    const type = EVENT_ID_KEYS[key];
    if (type) data[key] = toGlobalId(type, `test_${randomUUID()}`);
  }
  if (input.practiceId) data.practiceId = toGlobalId('Practice', input.practiceId);
  data[TEST_DATA_INSTANT[event]] = input.at;
  return JSON.stringify({ type: event, timestamp: input.at, test: true, data });
}
