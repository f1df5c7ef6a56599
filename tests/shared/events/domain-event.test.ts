import { DETAIL_TYPES, InvalidEventError, newDomainEvent, parseDomainEvent } from '../../../functions/shared/events/domain-event';
import { detailTypeOf, WEBHOOK_DETAIL_TYPES, WEBHOOK_EVENTS, webhookEventOf } from '../../../functions/shared/events/webhook-events';

describe('domain events', () => {
  const base = { type: DETAIL_TYPES.sessionCompleted, coupleId: 'c-1', occurredAt: '2026-12-01T19:40:00Z' } as const;

  it('gets a UUID and a UTC instant, and survives the trip through JSON', () => {
    // act
    const event = newDomainEvent({ ...base, data: { sessionId: 's-1', completedAt: '2026-12-01T19:40:00.000Z' } });

    // assert
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.occurredAt).toBe('2026-12-01T19:40:00.000Z');
    expect(parseDomainEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it.each([
    [{ body: 'I felt unheard tonight' }, 'event.data.body: only ids'],
    [{ answerText: 'secret' }, 'event.data.answerText: only ids'],
    [{ sessionId: 'has spaces in it' }, 'event.data.sessionId: must be a local id'],
    [{ completedAt: 'yesterday evening' }, 'event.data.completedAt: must be an RFC 3339 UTC instant'],
    [{ sharedAt: 42 as unknown as string }, 'event.data.sharedAt: must be a string'],
  ])('refuses data that is not ids and instants: %j', (data, message) => {
    expect(() => newDomainEvent({ ...base, data })).toThrow(InvalidEventError);
    expect(() => newDomainEvent({ ...base, data })).toThrow(message);
  });

  it('refuses malformed events read back from the bus', () => {
    const event = newDomainEvent(base);
    expect(() => parseDomainEvent({ ...event, type: 'Reconnect.Unknown' })).toThrow('event.type');
    expect(() => parseDomainEvent({ ...event, id: 'not-a-uuid' })).toThrow('event.id');
    expect(() => parseDomainEvent({ ...event, occurredAt: '2026-12-01' })).toThrow('event.occurredAt');
    expect(() => parseDomainEvent({ ...event, data: [] })).toThrow('event.data');
    expect(() => parseDomainEvent('text')).toThrow('event: must be an object');
  });

  it('maps each detail type to one contract WebhookEvent and back', () => {
    expect(WEBHOOK_EVENTS.map(detailTypeOf)).toEqual([
      'Reconnect.ReminderDue',
      'Reconnect.SessionCompleted',
      'Reconnect.ReflectionShared',
      'Reconnect.CareTeamAlert',
    ]);
    expect(WEBHOOK_DETAIL_TYPES.map(webhookEventOf)).toEqual([...WEBHOOK_EVENTS]);
    expect(new Set(Object.values(DETAIL_TYPES))).toEqual(new Set([...WEBHOOK_DETAIL_TYPES, DETAIL_TYPES.webhookDeliveryRequested]));
    expect(() => webhookEventOf(DETAIL_TYPES.webhookDeliveryRequested)).toThrow('is not a webhook event');
  });
});
