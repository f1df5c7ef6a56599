import { randomUUID } from 'node:crypto';
import type { EventBridgeEvent, SQSEvent } from 'aws-lambda';
import { createSweepHandler } from '../../../functions/reminders/create-sweep-handler';
import { createDispatchHandler, createRetryHandler, createWebhookDispatcher } from '../../../functions/webhooks/create-handlers';
import { TimerRetryScheduler } from '../../../functions/webhooks/retry-scheduler';
import { createLogger } from '../../../functions/shared/logging/logger';
import { captureLogs, withLogLevelInfo, type CapturedLogs } from '../../support/captured-logs';
import { testSweepConfig } from '../../support/reminders';
import { createTestTable, type TestTable } from '../../support/test-table';
import { testWebhookConfig } from '../../support/webhooks';

/**
 * The background Lambdas tag every log line of an invocation with Lambda's
 * `awsRequestId`, through the real factories their entries call.
 */
describe('request ids in the background Lambdas’ logs', () => {
  let table: TestTable;
  let logs: CapturedLogs;
  beforeAll(async () => {
    table = await createTestTable('lambda-request-ids');
  });
  afterAll(async () => {
    await table.drop();
  });
  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it('the reminder sweep logs its run under the invocation’s request id', async () => {
    // prepare
    const sweep = await withLogLevelInfo(() => createSweepHandler(testSweepConfig(table)));

    // act
    await sweep({}, { awsRequestId: 'sweep-invocation-7', getRemainingTimeInMillis: () => 60_000 });

    // assert
    const finished = logs.entries().find((e) => e.message === 'Reminder sweep finished');
    expect(finished).toMatchObject({ requestId: 'sweep-invocation-7' });
  });

  it('the webhook retry Lambda logs a failed record under the invocation’s request id', async () => {
    // prepare
    const logger = await withLogLevelInfo(() => createLogger({ service: 'webhook-retries', stage: 'local' }));
    const scheduler = new TimerRetryScheduler(logger);
    const retry = createRetryHandler(createWebhookDispatcher(testWebhookConfig(table), { logger, scheduler }), logger);
    const event = { Records: [{ messageId: 'm-1', body: '{"webhookId": ""}' }] } as unknown as SQSEvent;

    // act
    const result = await retry(event, { awsRequestId: 'retry-invocation-3' });
    scheduler.close();

    // assert
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(logs.entries().find((e) => e.message === 'Webhook retry failed')).toMatchObject({
      requestId: 'retry-invocation-3',
      messageId: 'm-1',
    });
  });

  it('the webhook dispatch Lambda runs each invocation under its request id (a fresh one without a context)', async () => {
    // prepare: the dispatcher's work replaced by one log line, to see under which id it runs
    const logger = await withLogLevelInfo(() => createLogger({ service: 'webhooks', stage: 'local' }));
    const scheduler = new TimerRetryScheduler(logger);
    const dispatcher = createWebhookDispatcher(testWebhookConfig(table), { logger, scheduler });
    dispatcher.dispatch = async () => {
      logger.info('dispatching');
      return { subscribed: 0, created: 0 };
    };
    const dispatch = createDispatchHandler(dispatcher);
    const detail = {
      id: randomUUID(),
      type: 'Reconnect.SessionCompleted',
      coupleId: randomUUID(),
      occurredAt: '2026-12-01T00:00:00.000Z',
      data: {},
    };
    const envelope = { detail } as unknown as EventBridgeEvent<string, unknown>;

    // act
    await dispatch(envelope, { awsRequestId: 'dispatch-invocation-5' });
    await dispatch(envelope);
    scheduler.close();

    // assert
    const seen = logs
      .entries()
      .filter((e) => e.message === 'dispatching')
      .map((e) => e.requestId);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe('dispatch-invocation-5');
    expect(seen[1]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
