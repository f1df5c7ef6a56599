import type { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import type { TableContext } from '../../functions/shared/data/table';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../../functions/shared/events/domain-event';
import { toEnvelope } from '../../local/events/in-process-bus';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { createLogger } from '../../functions/shared/logging/logger';
import { createDispatchHandler, createRetryHandler, createWebhookDispatcher } from '../../functions/webhooks/create-handlers';
import { DeliveryRepository } from '../../functions/webhooks/delivery.repository';
import type { AttemptRequest, AttemptResult } from '../../functions/webhooks/delivery-transport';
import type { WebhookDispatcher } from '../../functions/webhooks/dispatcher';
import { CONTRACT_RETRY_POLICY, maxAttempts } from '../../functions/webhooks/retry-schedule';
import { loseRaces } from '../support/lost-races';
import { compressedPolicy } from '../support/retry-policy';
import { sqsDelaySeconds, SqsRetryScheduler, type RetryMessage, type RetryScheduler } from '../../functions/webhooks/retry-scheduler';
import { signingSecretContext } from '../../functions/webhooks/secret-context';
import { generateSigningSecret } from '../../functions/webhooks/signing';
import { testSealer } from '../support/secrets';
import { WebhookRepository } from '../../functions/webhooks/webhook.repository';
import { buildPayload } from '../../functions/webhooks/webhook-payload';
import { testClock, type TestClock } from '../support/test-api';
import { createTestTable, type TestTable } from '../support/test-table';
import { recordingScheduler, testWebhookConfig } from '../support/webhooks';

/**
 * The schedule and the crash-safety of retries, with the dispatcher on a
 * real table but a scripted transport, a hand-moved clock and a scheduler
 * that records what it was asked to do.
 */
describe('webhook retries', () => {
  let table: TestTable;
  let context: TableContext;
  const logger = createLogger({}, 'silent');

  beforeAll(async () => {
    table = await createTestTable('webhook-retries');
    context = { client: DynamoDBDocumentClient.from(table.client), tableName: table.tableName };
  });
  afterAll(() => table.drop());

  function scriptedTransport(statuses: (number | null)[]) {
    const calls: AttemptRequest[] = [];
    const transport = async (request: AttemptRequest): Promise<AttemptResult> => {
      calls.push(request);
      const status = statuses[Math.min(calls.length - 1, statuses.length - 1)] ?? null;
      return { status, error: status === null ? 'timeout' : null, durationMs: 1, responseExcerpt: null };
    };
    return Object.assign(transport, { calls });
  }

  let counter = 0;
  /** A webhook subscribed to SESSION_COMPLETED for a fresh couple id, stored directly. */
  async function webhookFor(clock: TestClock): Promise<{ coupleId: string; webhookId: string }> {
    counter += 1;
    const coupleId = `couple-${counter}`;
    const webhookId = `webhook-${counter}`;
    const webhook = {
      id: webhookId,
      url: 'https://hooks.example.com/x',
      events: ['SESSION_COMPLETED' as const],
      coupleId,
      practiceId: null,
      active: true,
      createdAt: clock.now().toISOString(),
      deactivatedAt: null,
      previousSecretExpiresAt: null,
    };
    const sealed = await testSealer().seal(generateSigningSecret(), signingSecretContext(webhookId));
    await new WebhookRepository(context).create(webhook, sealed, 10);
    return { coupleId, webhookId };
  }

  function sessionCompleted(coupleId: string, clock: TestClock): DomainEvent {
    return newDomainEvent({ type: DETAIL_TYPES.sessionCompleted, coupleId, occurredAt: clock.now(), data: { sessionId: 's-1' } });
  }

  function dispatcherWith(clock: TestClock, scheduler: RetryScheduler, transport: ReturnType<typeof scriptedTransport>): WebhookDispatcher {
    return createWebhookDispatcher(testWebhookConfig(table), { client: context.client, clock, scheduler, transport, logger });
  }

  it("follows the contract's schedule: retries after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then FAILED", async () => {
    // prepare
    const clock = testClock('2026-12-01T19:00:00.000Z');
    const scheduler = recordingScheduler();
    const transport = scriptedTransport([503]);
    const dispatcher = dispatcherWith(clock, scheduler, transport);
    const { coupleId, webhookId } = await webhookFor(clock);
    const started = clock.now().getTime();

    // act: each scheduled retry arrives exactly when it was asked for
    await dispatcher.dispatch(sessionCompleted(coupleId, clock));
    for (let i = 0; i < scheduler.scheduled.length; i += 1) {
      const { message, delayMs } = scheduler.scheduled[i] as { message: RetryMessage; delayMs: number };
      clock.set(new Date(clock.now().getTime() + delayMs));
      await dispatcher.retry(message);
    }

    // assert
    expect(scheduler.scheduled.map((s) => s.delayMs)).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(transport.calls).toHaveLength(8);
    expect(maxAttempts(CONTRACT_RETRY_POLICY)).toBe(8);
    expect(new Set(transport.calls.map((c) => c.headers['webhook-id'])).size).toBe(1);
    const [delivery] = (await new DeliveryRepository(context).list(webhookId, 'FAILED', 10)).items.map((i) => i.node);
    expect(delivery).toMatchObject({ status: 'FAILED', attempts: 8, lastResponseStatus: 503, nextAttemptAt: null });
    expect((clock.now().getTime() - started) / 3_600_000).toBeCloseTo(27.59, 1);
  });

  it('reschedules a retry that arrives early (a hop of a long SQS wait, or a stale duplicate) instead of attempting', async () => {
    // prepare
    const clock = testClock('2026-12-02T19:00:00.000Z');
    const scheduler = recordingScheduler();
    const transport = scriptedTransport([503]);
    const dispatcher = dispatcherWith(clock, scheduler, transport);
    const { coupleId } = await webhookFor(clock);
    await dispatcher.dispatch(sessionCompleted(coupleId, clock));
    const { message } = scheduler.scheduled[0] as { message: RetryMessage };

    // act
    clock.set('2026-12-02T19:00:02.000Z');
    await dispatcher.retry(message);

    // assert
    expect(transport.calls).toHaveLength(1);
    expect(scheduler.scheduled.map((s) => s.delayMs)).toEqual([5_000, 3_000]);
    expect(scheduler.scheduled[1]?.message).toEqual(message);
  });

  it('makes the first attempt of a delivery whose earlier invocation died before attempting', async () => {
    // prepare: the delivery exists (created by an invocation that then died), never attempted
    const clock = testClock('2026-12-03T19:00:00.000Z');
    const transport = scriptedTransport([204]);
    const dispatcher = dispatcherWith(clock, recordingScheduler(), transport);
    const { coupleId, webhookId } = await webhookFor(clock);
    const event = sessionCompleted(coupleId, clock);
    await new DeliveryRepository(context).create({
      id: 'd-orphan',
      webhookId,
      coupleId,
      eventId: event.id,
      event: 'SESSION_COMPLETED',
      payload: buildPayload(event),
      status: 'PENDING',
      attempts: 0,
      lastResponseStatus: null,
      lastError: null,
      createdAt: clock.now().toISOString(),
      deliveredAt: null,
      nextAttemptAt: clock.now().toISOString(),
      test: false,
      retryBase: 0,
      attemptLog: [],
    });

    // act: EventBridge/Lambda retry the invocation
    const summary = await dispatcher.dispatch(event);
    const again = await dispatcher.dispatch(event);

    // assert
    expect(summary.created).toBe(0);
    expect(again.created).toBe(0);
    expect(transport.calls).toHaveLength(1);
    expect(transport.calls[0]?.headers['webhook-id']).toBe('d-orphan');
    expect((await new DeliveryRepository(context).getByEvent(webhookId, event.id))?.status).toBe('DELIVERED');
  });

  it('creates a delivery whose transaction lost a race once it wins, and attempts it once', async () => {
    // prepare: a dispatcher on its own client, whose first two delivery transactions lose a race
    const clock = testClock('2026-12-03T20:00:00.000Z');
    const transport = scriptedTransport([204]);
    const client = createDocumentClient({ region: 'us-east-1', endpoint: table.endpoint });
    const races = loseRaces(client);
    const dispatcher = createWebhookDispatcher(testWebhookConfig(table), {
      client,
      clock,
      scheduler: recordingScheduler(),
      transport,
      logger,
    });
    const { coupleId, webhookId } = await webhookFor(clock);
    const event = sessionCompleted(coupleId, clock);
    races.lose(2, 'WebhookEventMarker');

    // act
    const summary = await dispatcher.dispatch(event);

    // assert
    expect(races.cancelled).toBe(2);
    expect(summary.created).toBe(1);
    expect(transport.calls).toHaveLength(1);
    expect((await new DeliveryRepository(context).getByEvent(webhookId, event.id))?.status).toBe('DELIVERED');
  });

  it('lets exactly one of two concurrent claimers make an attempt', async () => {
    // prepare
    const clock = testClock('2026-12-04T19:00:00.000Z');
    const scheduler = recordingScheduler();
    const transport = scriptedTransport([503, 204]);
    const dispatcher = dispatcherWith(clock, scheduler, transport);
    const { coupleId } = await webhookFor(clock);
    await dispatcher.dispatch(sessionCompleted(coupleId, clock));
    const { message } = scheduler.scheduled[0] as { message: RetryMessage };
    clock.set('2026-12-04T19:00:05.000Z');

    // act: SQS delivered the same retry message twice
    await Promise.all([dispatcher.retry(message), dispatcher.retry(message)]);

    // assert
    expect(transport.calls).toHaveLength(2);
  });

  describe('Lambda handlers', () => {
    it('reports only the failed records of an SQS batch', async () => {
      // prepare
      const clock = testClock();
      const handler = createRetryHandler(dispatcherWith(clock, recordingScheduler(), scriptedTransport([204])));
      const record = (messageId: string, body: string) => ({ messageId, body }) as SQSEvent['Records'][number];
      const unknown: RetryMessage = {
        webhookId: 'nope',
        deliveryId: 'nope',
        createdAt: clock.now().toISOString(),
        attemptAt: clock.now().toISOString(),
      };

      // act
      const response = await handler({
        Records: [record('m1', 'not json'), record('m2', JSON.stringify(unknown)), record('m3', '{"webhookId":1}')],
      });

      // assert
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm1' }, { itemIdentifier: 'm3' }] });
    });

    it('dispatches the domain event in an EventBridge envelope and throws on a malformed one (so it reaches the DLQ)', async () => {
      // prepare
      const clock = testClock('2026-12-05T19:00:00.000Z');
      const transport = scriptedTransport([204]);
      const handler = createDispatchHandler(dispatcherWith(clock, recordingScheduler(), transport));
      const { coupleId } = await webhookFor(clock);
      const envelope = toEnvelope(sessionCompleted(coupleId, clock));

      // act
      await handler(envelope);
      const malformed = await handler({ ...envelope, detail: { id: 'x' } }).catch((error: unknown) => error);

      // assert
      expect(transport.calls).toHaveLength(1);
      expect((malformed as Error).name).toBe('InvalidEventError');
    });
  });

  describe('SQS scheduling', () => {
    it('delays by whole seconds, at most 15 minutes per hop', () => {
      expect([0, 1, 1500, 5_000, 899_000, 900_000, 300_000, 7_200_000, 36_000_000].map(sqsDelaySeconds)).toEqual([
        0, 1, 2, 5, 899, 900, 300, 900, 900,
      ]);
    });

    it('sends the retry message to the queue with its delay', async () => {
      // prepare
      const sent: SendMessageCommand['input'][] = [];
      const scheduler = new SqsRetryScheduler(
        { send: async (command: SendMessageCommand) => void sent.push(command.input) } as never,
        'https://sqs.example/q',
      );
      const message: RetryMessage = {
        webhookId: 'w',
        deliveryId: 'd',
        createdAt: '2026-12-01T19:00:00.000Z',
        attemptAt: '2026-12-01T21:00:00.000Z',
      };

      // act
      await scheduler.schedule(message, 7_200_000);

      // assert
      expect(sent).toEqual([{ QueueUrl: 'https://sqs.example/q', MessageBody: JSON.stringify(message), DelaySeconds: 900 }]);
    });

    it('compresses the schedule for tests without changing its shape', () => {
      const fast = compressedPolicy(1000);
      expect(fast.delaysMs).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
      expect(fast.attemptTimeoutMs).toBe(10);
      expect(maxAttempts(fast)).toBe(8);
    });
  });
});
