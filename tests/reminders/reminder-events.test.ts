import { PublishError, type EventPublisher } from '../../functions/shared/events/publisher';
import type { InProcessEvents } from '../../local/events/in-process-events';
import { createActiveCouple, dataOf, scheduleSession, startSession } from '../support/operations';
import { createTestSweep, reconnect, remindersOf, type TestSweep } from '../support/reminders';
import { createTestApi, type TestApi } from '../support/test-api';
import { startReceiver, type Receiver } from '../support/webhook-receiver';
import { createWebhook, FAST_POLICY, testEvents } from '../support/webhooks';

/**
 * Reminders and completed sessions leave the API as events on the bus: the
 * GraphQL handler and the sweep both publish to the in-process bus (same
 * rules and dispatcher as the cloud), and a real HTTP receiver subscribed
 * through createWebhook gets the deliveries.
 */
const FIRST_DUE = '2026-12-06T19:00:00.000Z';

describe('reminder and session events', () => {
  let api: TestApi;
  let events: InProcessEvents;
  let sweep: TestSweep;
  let hook: Receiver;
  let busDown = false;
  let counter = 0;

  // The handlers publish through this, so a test can take the bus down.
  const bus: EventPublisher = {
    publish: (batch) =>
      busDown
        ? Promise.reject(
            new PublishError(
              batch.map((e) => e.id),
              'bus down',
            ),
          )
        : events.bus.publish(batch),
  };

  beforeAll(async () => {
    api = await createTestApi('reminder-events', { events: bus });
    // The receiver always answers 204 at once; a long attempt timeout keeps a
    // busy machine's slow answer from counting as a timeout and being delivered twice.
    events = testEvents(api.table, { ...FAST_POLICY, attemptTimeoutMs: 15_000 });
    sweep = createTestSweep(api, { events: bus });
    hook = await startReceiver(() => 204);
  });
  afterEach(() => {
    hook.requests.splice(0);
    busDown = false;
    api.clock.set('2026-11-26T12:00:00.000Z');
  });
  afterAll(async () => {
    events.close();
    sweep.close();
    await hook.close();
    await api.drop();
  });

  /** A fresh couple with a webhook for both events; returns its partners and id. */
  async function subscribedCouple(): Promise<{ a: string; b: string; coupleId: string }> {
    counter += 1;
    const [a, b] = [`eva${counter}`, `eli${counter}`];
    const coupleId = await createActiveCouple(api, a, b, 'UTC');
    await createWebhook(api, a, { url: hook.url, coupleId, events: ['RECONNECT_REMINDER_DUE', 'SESSION_COMPLETED'] });
    return { a, b, coupleId };
  }

  const bodies = () => hook.requests.map((request) => JSON.parse(request.body));

  it('delivers each new reminder once as RECONNECT_REMINDER_DUE, however many sweeps run', async () => {
    // prepare
    const { a, coupleId } = await subscribedCouple();

    // act
    await Promise.all([sweep.run(FIRST_DUE), sweep.run(FIRST_DUE), sweep.run(FIRST_DUE)]);
    await sweep.run(FIRST_DUE);
    await events.idle();

    // assert
    const [reminder] = await remindersOf(api, a, coupleId);
    expect(bodies()).toEqual([
      {
        type: 'RECONNECT_REMINDER_DUE',
        timestamp: FIRST_DUE,
        data: { eventId: expect.any(String), coupleId, reminderId: reminder.id, dueAt: FIRST_DUE },
      },
    ]);
  });

  it('delivers a completed session once as SESSION_COMPLETED, whether or not it was a reconnect', async () => {
    // prepare
    const { a, b, coupleId } = await subscribedCouple();
    api.clock.set('2026-11-28T19:30:00.000Z');

    // act
    const reconnectId = await reconnect(api, a, b, coupleId);
    // Its delivery lands before the second session completes: the two would otherwise race to the receiver.
    await events.idle();
    const solo = await startSession(api, a, coupleId);
    dataOf(await api.as(a, 'mutation($id: ID!) { completeSession(input: { sessionId: $id }) { id } }', { id: solo.id }), 'complete');
    await events.idle();

    // assert
    expect(bodies()).toEqual([
      expect.objectContaining({
        type: 'SESSION_COMPLETED',
        data: expect.objectContaining({ coupleId, sessionId: reconnectId, completedAt: '2026-11-28T19:30:00.000Z' }),
      }),
      expect.objectContaining({ type: 'SESSION_COMPLETED', data: expect.objectContaining({ coupleId, sessionId: solo.id }) }),
    ]);
  });

  it('puts no event on the bus for a SESSION_UPCOMING reminder', async () => {
    // prepare
    const { a, coupleId } = await subscribedCouple();
    await scheduleSession(api, a, coupleId, '2026-11-30T20:00:00Z');

    // act
    const result = await sweep.run('2026-11-30T19:00:00.000Z');
    await events.idle();

    // assert
    expect(result.sessionUpcomingCreated).toBeGreaterThanOrEqual(1);
    expect(hook.requests).toEqual([]);
  });

  it('relays, from the sweep, an event whose publish failed after the completion committed', async () => {
    // prepare: the bus is down while the session completes
    const { a, b, coupleId } = await subscribedCouple();
    api.clock.set('2026-11-28T19:30:00.000Z');
    busDown = true;
    const sessionId = await reconnect(api, a, b, coupleId);
    await events.idle();
    const whileDown = hook.requests.length;
    busDown = false;

    // act: the next sweeps, more than a minute later
    const first = await sweep.run('2026-11-28T19:45:00.000Z');
    const second = await sweep.run('2026-11-28T20:00:00.000Z');
    await events.idle();

    // assert
    expect(whileDown).toBe(0);
    expect(first.relayedEvents).toBe(1);
    expect(second.relayedEvents).toBe(0);
    expect(bodies()).toEqual([expect.objectContaining({ type: 'SESSION_COMPLETED', data: expect.objectContaining({ sessionId }) })]);
  });
});
