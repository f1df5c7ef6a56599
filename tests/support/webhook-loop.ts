import type { DomainEvent } from '../../functions/shared/events/domain-event';
import type { InProcessEvents } from '../../local/events/in-process-events';
import { createTestApi, type TestApi } from './test-api';
import { startReceiver, type Receiver, type ReceiverAnswer } from './webhook-receiver';
import { testEvents } from './webhooks';

/** The webhook developer loop of one describe block (see {@link useWebhookLoop}). */
export interface WebhookLoop {
  /** The real GraphQL handler over DynamoDB Local (set from beforeAll on). */
  readonly api: TestApi;
  /** The in-process bus: the cloud's rules, dispatcher and retries. */
  readonly events: InProcessEvents;
  /** A real HTTP receiver on 127.0.0.1 answering each request with `answer(index)`; closed after the test. */
  receiver(answer: (index: number) => ReceiverAnswer): Promise<Receiver>;
  /**
   * Runs `act` while what the handler publishes is held back, and returns it
   * undelivered: a test can look at (or race) requests before any attempt runs.
   */
  holdingEvents<T>(act: () => Promise<T>): Promise<{ result: T; held: DomainEvent[] }>;
}

/**
 * Registers the hooks of a webhook developer-loop describe block: a test API
 * on its own table whose handler publishes to the in-process bus, the real
 * clock before each test (the dispatcher signs with it, and rotations' grace
 * periods are judged against it), and after each test the bus drained and
 * the receivers closed.
 */
export function useWebhookLoop(tableName: string): WebhookLoop {
  let api: TestApi | undefined;
  let events: InProcessEvents | undefined;
  let held: DomainEvent[] | null = null;
  const receivers: Receiver[] = [];
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useWebhookLoop: used before its beforeAll ran');
    return value;
  };

  beforeAll(async () => {
    // The handler publishes to the bus, which is built once the table exists.
    const forward = {
      publish: async (batch: readonly DomainEvent[]) => {
        if (held) held.push(...batch);
        else await ready(events).bus.publish(batch);
      },
    };
    api = await createTestApi(tableName, { events: forward });
    events = testEvents(api.table);
  });
  beforeEach(() => {
    ready(api).clock.set(new Date());
  });
  afterEach(async () => {
    await ready(events).idle();
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    events?.close();
    await api?.drop();
  });

  return {
    get api() {
      return ready(api);
    },
    get events() {
      return ready(events);
    },
    async receiver(answer) {
      const started = await startReceiver((_request, index) => answer(index));
      receivers.push(started);
      return started;
    },
    async holdingEvents(act) {
      held = [];
      try {
        const result = await act();
        return { result, held };
      } finally {
        held = null;
      }
    },
  };
}
