import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../../functions/shared/events/domain-event';
import { createLogger } from '../../functions/shared/logging/logger';
import { InProcessEventBus, type BusEnvelope } from '../../local/events/in-process-bus';

function events(n: number, type = DETAIL_TYPES.sessionCompleted): DomainEvent[] {
  return Array.from({ length: n }, (_, i) =>
    newDomainEvent({ type, coupleId: `c-${i}`, occurredAt: '2026-12-01T19:40:00Z', data: { sessionId: `s-${i}` } }),
  );
}

describe('InProcessEventBus', () => {
  it('hands matching events to the rule target as EventBridge would, after publish returns', async () => {
    // prepare
    const received: BusEnvelope[] = [];
    const bus = new InProcessEventBus({ 'webhook-dispatcher': async (envelope) => void received.push(envelope) });
    const [event] = events(1) as [DomainEvent];

    // act
    await bus.publish([event]);
    const beforeIdle = received.length;
    await bus.idle();

    // assert
    expect(beforeIdle).toBe(0);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      source: 'reconnect.api',
      'detail-type': 'Reconnect.SessionCompleted',
      time: event.occurredAt,
      detail: event,
    });
  });

  it('re-invokes a failing target after the configured delays, then gives up and logs', async () => {
    // prepare
    let calls = 0;
    const bus = new InProcessEventBus(
      {
        'webhook-dispatcher': async () => {
          calls += 1;
          throw new Error('dispatcher down');
        },
      },
      { retryDelaysMs: [1, 1], logger: createLogger({}, 'silent') },
    );

    // act
    await bus.publish(events(1));
    await bus.idle();

    // assert
    expect(calls).toBe(3);
  });
});
