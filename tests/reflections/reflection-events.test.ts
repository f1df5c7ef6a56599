import type { DomainEvent } from '../../functions/shared/events/domain-event';
import type { EventPublisher } from '../../functions/shared/events/publisher';
import { createActiveCouple } from '../support/operations';
import { REVISE_REFLECTION, WRITE_REFLECTION } from '../support/reflection-operations';
import { createTestApi, type TestApi } from '../support/test-api';

/** Records what the handler puts on the bus. */
function recordingPublisher(): EventPublisher & { events: DomainEvent[] } {
  const events: DomainEvent[] = [];
  return { events, publish: async (batch) => void events.push(...batch) };
}

describe('Reconnect.ReflectionShared events', () => {
  let api: TestApi;
  const bus = recordingPublisher();
  beforeAll(async () => {
    api = await createTestApi('reflection-events', { events: bus });
  });
  afterAll(() => api.drop());
  beforeEach(() => bus.events.splice(0));

  it('publishes one event, with ids and the instant only, when a reflection is written shared with the partner', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'ev1', 'ev2');

    // act
    const written = await api.as('ev1', WRITE_REFLECTION, {
      input: { coupleId, body: 'A very private sentence', sharing: { partner: true } },
    });

    // assert
    expect(written.errors).toBeUndefined();
    expect(bus.events).toHaveLength(1);
    expect(bus.events[0]).toMatchObject({ type: 'Reconnect.ReflectionShared', data: { sharedAt: expect.any(String) } });
    expect(Object.keys(bus.events[0]!.data).sort()).toEqual(['reflectionId', 'sharedAt']);
    expect(JSON.stringify(bus.events)).not.toContain('private sentence');
  });

  it('publishes nothing for a private reflection, and once when a revision first shares it', async () => {
    // prepare
    const coupleId = await createActiveCouple(api, 'ev3', 'ev4');
    const written = await api.as('ev3', WRITE_REFLECTION, { input: { coupleId, body: 'Private for now' } });
    const id = written.data.writeReflection.id;
    const eventsAfterPrivateWrite = bus.events.length;

    // act
    await api.as('ev3', REVISE_REFLECTION, { input: { reflectionId: id, expectedVersion: 1, sharing: { partner: true } } });
    await api.as('ev3', REVISE_REFLECTION, { input: { reflectionId: id, expectedVersion: 2, body: 'Edited while shared' } });

    // assert
    expect(eventsAfterPrivateWrite).toBe(0);
    expect(bus.events.map((e) => e.type)).toEqual(['Reconnect.ReflectionShared']);
  });
});
