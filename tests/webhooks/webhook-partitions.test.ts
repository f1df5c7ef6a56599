import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../../functions/shared/events/domain-event';
import { createLogger } from '../../functions/shared/logging/logger';
import { createDispatchHandler, createRetryHandler, createWebhookDispatcher } from '../../functions/webhooks/create-handlers';
import type { RetryPolicy } from '../../functions/webhooks/retry-schedule';
import type { RetryMessage } from '../../functions/webhooks/retry-scheduler';
import { signingSecretContext } from '../../functions/webhooks/secret-context';
import { generateSigningSecret } from '../../functions/webhooks/signing';
import { WEBHOOK_LAMBDA_PARTITIONS } from '../../functions/webhooks/webhook-partitions';
import { WebhookRepository } from '../../functions/webhooks/webhook.repository';
import { WEBHOOK_TABLE_ACCESS } from '../../infra/constructs/events-and-webhooks';
import { toEnvelope } from '../../local/events/in-process-bus';
import { createActiveCouple } from '../support/operations';
import { guardPartitions, matchesStringLike, type PartitionGuard } from '../support/partition-guard';
import { testSealer } from '../support/secrets';
import { createTestApi, type TestApi } from '../support/test-api';
import { startReceiver, verifyStandardWebhook, type Receiver, type ReceiverAnswer } from '../support/webhook-receiver';
import {
  createWebhook,
  eventFor,
  FAST_POLICY,
  REDELIVER,
  SEND_TEST_EVENT,
  testWebhookConfig,
  UPDATE_WEBHOOK,
  WEBHOOK_DELIVERIES,
} from '../support/webhooks';

const ALLOWED = { table: WEBHOOK_LAMBDA_PARTITIONS.table, indexes: { gsi1: WEBHOOK_LAMBDA_PARTITIONS.gsi1 } };

/** A retry 60 s out: a retry message sent at once finds its delivery not yet due. */
const SLOW_POLICY: RetryPolicy = { delaysMs: [60_000], attemptTimeoutMs: 10_000 };

/**
 * The webhook Lambdas' roles may touch only the partitions of
 * WEBHOOK_LAMBDA_PARTITIONS (infra: `dynamodb:LeadingKeys`). Here the real
 * dispatch and retry Lambda handlers run over DynamoDB Local, with real HTTP
 * receivers, through a client that refuses every other partition as IAM
 * would. The GraphQL handler (its own, unguarded client) creates couples and
 * webhooks and asks for test events and redeliveries; what it publishes goes
 * to the dispatch handler, and what the dispatcher schedules to the retry
 * handler as an SQS record, exactly as the bus rule and the queue would.
 */
describe('webhook Lambdas: only the webhook partitions', () => {
  let api: TestApi;
  let guarded: DynamoDBDocumentClient;
  let guard: PartitionGuard;
  const published: DomainEvent[] = [];
  const scheduled: RetryMessage[] = [];
  const receivers: Receiver[] = [];
  const logger = createLogger({}, 'silent');

  beforeAll(async () => {
    api = await createTestApi('webhook-partitions', { events: { publish: async (batch) => void published.push(...batch) } });
    guarded = createDocumentClient({ region: testWebhookConfig(api.table).region, endpoint: api.table.endpoint });
    guard = guardPartitions(guarded, ALLOWED);
  });
  beforeEach(() => {
    guard.violations.length = 0;
    guard.actions.clear();
    api.clock.set(new Date());
  });
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });
  afterAll(async () => {
    guarded.destroy();
    await api.drop();
  });

  /** The two Lambda handlers as their entries build them, on the guarded client, scheduling into `scheduled`. */
  function lambdas(policy: RetryPolicy = FAST_POLICY) {
    const dispatcher = createWebhookDispatcher(testWebhookConfig(api.table), {
      client: guarded,
      policy,
      logger,
      scheduler: { schedule: async (message) => void scheduled.push(message) },
    });
    return { dispatch: createDispatchHandler(dispatcher), retry: createRetryHandler(dispatcher, logger) };
  }

  /** One SQS delivery of these retry messages to the retry handler; returns the records it reported failed. */
  async function deliverRetries(retry: ReturnType<typeof lambdas>['retry'], messages: RetryMessage[]) {
    const Records = messages.map((message, i) => ({ messageId: `m${i}`, body: JSON.stringify(message) }) as SQSEvent['Records'][number]);
    return (await retry({ Records })).batchItemFailures;
  }

  /** Runs what was published and scheduled through the handlers until nothing is left (retries at once: FAST_POLICY waits ms). */
  async function drain(handlers: ReturnType<typeof lambdas>): Promise<void> {
    while (published.length > 0 || scheduled.length > 0) {
      for (const event of published.splice(0)) await handlers.dispatch(toEnvelope(event));
      const messages = scheduled.splice(0);
      if (messages.length > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.max(...FAST_POLICY.delaysMs)));
        expect(await deliverRetries(handlers.retry, messages)).toEqual([]);
      }
    }
  }

  async function receiver(answer: (index: number) => ReceiverAnswer): Promise<Receiver> {
    const started = await startReceiver((_request, index) => answer(index));
    receivers.push(started);
    return started;
  }

  async function deliveriesOf(sub: string, webhookId: string) {
    const response = await api.as(sub, WEBHOOK_DELIVERIES, { id: webhookId });
    expect(response.errors).toBeUndefined();
    return response.data.node.deliveries.edges.map((edge: { node: Record<string, unknown> }) => edge.node);
  }

  it('delivers, retries, deduplicates, sends test events and redelivers within the webhook partitions', async () => {
    // prepare
    const handlers = lambdas();
    const hook = await receiver((index) => (index === 0 ? 503 : 204));
    const coupleId = await createActiveCouple(api, 'p1a', 'p1b');
    const webhook = await createWebhook(api, 'p1a', { url: hook.url, coupleId });
    const event = eventFor(coupleId);

    // act: first attempt (503), its retry (204), the same event again, a test event, a redelivery
    published.push(event);
    await drain(handlers);
    published.push(event);
    await drain(handlers);
    expect((await api.as('p1b', SEND_TEST_EVENT, { input: { webhookId: webhook.id } })).errors).toBeUndefined();
    await drain(handlers);
    const delivered = (await deliveriesOf('p1a', webhook.id)).find((d: { test: boolean }) => !d.test);
    expect((await api.as('p1a', REDELIVER, { input: { webhookId: webhook.id, deliveryId: delivered.id } })).errors).toBeUndefined();
    await drain(handlers);

    // assert
    expect(guard.violations).toEqual([]);
    expect(hook.requests).toHaveLength(4);
    for (const request of hook.requests) expect(verifyStandardWebhook(webhook.signingSecret, request.headers, request.body)).toBe(true);
    const deliveries = await deliveriesOf('p1a', webhook.id);
    expect(deliveries.map((d: { status: string }) => d.status)).toEqual(['DELIVERED', 'DELIVERED']);
    // Every request kind of these paths was seen (the guard is not vacuous), and each is one the role grants.
    expect([...guard.actions].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    for (const action of guard.actions) expect([...WEBHOOK_TABLE_ACCESS.actions, 'dynamodb:Query']).toContain(action);
  });

  it('reschedules a retry not yet due, abandons one of a paused webhook, and deactivates on 410, within the webhook partitions', async () => {
    // prepare
    const handlers = lambdas(SLOW_POLICY);
    const failing = await receiver(() => 503);
    const gone = await receiver(() => 410);
    const coupleId = await createActiveCouple(api, 'p2a', 'p2b');
    const paused = await createWebhook(api, 'p2a', { url: failing.url, coupleId });
    await handlers.dispatch(toEnvelope(eventFor(coupleId)));
    const [firstRetry] = scheduled.splice(0);

    // act
    const notDue = await deliverRetries(handlers.retry, [firstRetry!]);
    const [rescheduled] = scheduled.splice(0);
    expect((await api.as('p2a', UPDATE_WEBHOOK, { input: { webhookId: paused.id, active: false } })).errors).toBeUndefined();
    const afterPause = await deliverRetries(handlers.retry, [rescheduled!]);
    const goneHook = await createWebhook(api, 'p2b', { url: gone.url, coupleId });
    await handlers.dispatch(toEnvelope(eventFor(coupleId)));

    // assert
    expect(guard.violations).toEqual([]);
    expect([notDue, afterPause]).toEqual([[], []]);
    expect(rescheduled).toMatchObject({ deliveryId: firstRetry!.deliveryId });
    expect(failing.requests).toHaveLength(1);
    expect((await deliveriesOf('p2a', paused.id)).map((d: { status: string }) => d.status)).toEqual(['FAILED']);
    expect(gone.requests).toHaveLength(1);
    expect((await api.as('p2b', WEBHOOK_DELIVERIES, { id: goneHook.id })).data.node.active).toBe(false);
    expect(scheduled).toEqual([]);
  });

  it("sends a care-team alert to its practice's webhooks, listed from the practice's gsi1 partition", async () => {
    // prepare
    const handlers = lambdas();
    const hook = await receiver(() => 204);
    const practiceId = `practice-${randomUUID()}`;
    const webhookId = randomUUID();
    const sealed = await testSealer().seal(generateSigningSecret(), signingSecretContext(webhookId));
    const stored = await new WebhookRepository({ client: api.client, tableName: api.table.tableName }).create(
      {
        id: webhookId,
        url: hook.url,
        events: ['CARE_TEAM_ALERT'],
        coupleId: null,
        practiceId,
        active: true,
        createdAt: new Date().toISOString(),
        deactivatedAt: null,
        previousSecretExpiresAt: null,
      },
      sealed,
      10,
    );
    expect(stored).toBe('ok');
    const now = new Date().toISOString();
    const alert = newDomainEvent({
      type: DETAIL_TYPES.careTeamAlert,
      coupleId: randomUUID(),
      occurredAt: now,
      data: { reminderId: randomUUID(), dueAt: now, practiceId },
    });

    // act
    await handlers.dispatch(toEnvelope(alert));

    // assert
    expect(guard.violations).toEqual([]);
    expect(hook.requests).toHaveLength(1);
    expect(guard.actions).toContain('dynamodb:Query');
  });

  it('refuses what the IAM condition refuses: another partition, another gsi1 list, a Scan, one foreign key in a transaction or batch', async () => {
    // prepare
    const probe = createDocumentClient({ region: testWebhookConfig(api.table).region, endpoint: api.table.endpoint });
    const seen = guardPartitions(probe, ALLOWED);
    const TableName = api.table.tableName;
    const gsi1 = (partition: string) =>
      new QueryCommand({
        TableName,
        IndexName: 'gsi1',
        KeyConditionExpression: '#pk = :p',
        ExpressionAttributeNames: { '#pk': 'gsi1pk' },
        ExpressionAttributeValues: { ':p': partition },
      });
    const put = (pk: string) => ({ Put: { TableName, Item: { pk, sk: 'X' } } });

    // act
    const outcomes = await Promise.all(
      [
        new GetCommand({ TableName, Key: { pk: 'WEBHOOK#w1', sk: 'WEBHOOK' } }),
        gsi1('COUPLE#c1#WEBHOOKS'),
        new GetCommand({ TableName, Key: { pk: 'COUPLE#c1', sk: 'COUPLE' } }),
        gsi1('COUPLE#c1#REFLECTIONS'),
        new ScanCommand({ TableName }),
        new TransactWriteCommand({ TransactItems: [put('WEBHOOK#w1'), put('PERSON#p1')] }),
        new BatchGetCommand({
          RequestItems: {
            [TableName]: {
              Keys: [
                { pk: 'WEBHOOK#w1', sk: 'WEBHOOK' },
                { pk: 'REFLECTION#r1', sk: 'R' },
              ],
            },
          },
        }),
      ].map((command) =>
        probe.send(command as never).then(
          () => 'sent',
          (error: Error) => (error.message.startsWith('Partition guard refused') ? 'refused' : error.message),
        ),
      ),
    );
    probe.destroy();

    // assert
    expect(outcomes).toEqual(['sent', 'sent', 'refused', 'refused', 'refused', 'refused', 'refused']);
    expect(seen.violations).toHaveLength(5);
    expect(matchesStringLike('COUPLE#*#WEBHOOKS', 'COUPLE#c1')).toBe(false);
    expect(matchesStringLike('WEBHOOK#*', 'XWEBHOOK#w1')).toBe(false);
  });
});
