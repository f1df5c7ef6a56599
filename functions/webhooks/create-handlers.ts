import { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { EventBridgeEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { WebhookConfig } from '../shared/config';
import { createDocumentClient } from '../shared/data/dynamo-client';
import { parseDomainEvent } from '../shared/events/domain-event';
import { createLogger, type Logger } from '../shared/logging/logger';
import { systemClock, type Clock } from '../shared/time/clock';
import { createDeliveryTransport, type DeliveryTransport, type Resolver } from './delivery-transport';
import { WebhookDispatcher } from './dispatcher';
import { CONTRACT_RETRY_POLICY, type RetryPolicy } from './retry-schedule';
import { parseRetryMessage, SqsRetryScheduler, type RetryScheduler } from './retry-scheduler';

/** Replaceable parts, for the local run (timer scheduler) and tests (compressed schedule, fake DNS). */
export interface WebhookOverrides {
  client?: DynamoDBDocumentClient;
  clock?: Clock;
  scheduler?: RetryScheduler;
  policy?: RetryPolicy;
  /** Replaces the whole HTTP side. */
  transport?: DeliveryTransport;
  /** Replaces DNS inside the real transport. */
  resolve?: Resolver;
  logger?: Logger;
}

/**
 * The dispatcher as the webhook Lambdas build it at cold start: DynamoDB,
 * the SQS retry queue, the real HTTP transport with the contract's schedule.
 * Loopback receivers are allowed only in the local stage.
 */
export function createWebhookDispatcher(config: WebhookConfig, overrides: WebhookOverrides = {}): WebhookDispatcher {
  const logger = overrides.logger ?? createLogger({ service: 'webhooks', stage: config.stage });
  const policy = overrides.policy ?? CONTRACT_RETRY_POLICY;
  let scheduler = overrides.scheduler;
  if (!scheduler) {
    if (!config.retryQueueUrl) throw new Error('RETRY_QUEUE_URL is required without a scheduler override');
    scheduler = new SqsRetryScheduler(new SQSClient({ region: config.region }), config.retryQueueUrl);
  }
  return new WebhookDispatcher({
    table: {
      client: overrides.client ?? createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint }),
      tableName: config.tableName,
    },
    clock: overrides.clock ?? systemClock,
    scheduler,
    policy,
    transport:
      overrides.transport ??
      createDeliveryTransport({ timeoutMs: policy.attemptTimeoutMs, allowLoopback: config.stage === 'local', resolve: overrides.resolve }),
    logger,
  });
}

export type DispatchLambdaHandler = (event: EventBridgeEvent<string, unknown>) => Promise<void>;

/**
 * The bus rule's target: one domain event (the `detail`) per invocation.
 * Throwing makes Lambda retry the asynchronous invocation (twice) and then
 * send the event to the events DLQ; the dispatcher's idempotency makes the
 * retries safe.
 */
export function createDispatchHandler(dispatcher: WebhookDispatcher): DispatchLambdaHandler {
  return async (envelope) => {
    await dispatcher.dispatch(parseDomainEvent(envelope.detail));
  };
}

export type RetryLambdaHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * The retry queue's consumer. Records are handled concurrently and reported
 * one by one (ReportBatchItemFailures): a failed record is received again
 * after the visibility timeout, the others are deleted; a record that keeps
 * failing ends up in the retry DLQ.
 */
export function createRetryHandler(dispatcher: WebhookDispatcher, logger?: Logger): RetryLambdaHandler {
  return async (event) => {
    const results = await Promise.allSettled(event.Records.map(async (record) => dispatcher.retry(parseRetryMessage(record.body))));
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    results.forEach((result, index) => {
      const record = event.Records[index];
      if (result.status === 'rejected' && record) {
        logger?.error('Webhook retry failed', {
          messageId: record.messageId,
          error: String((result.reason as Error)?.message ?? result.reason),
        });
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    });
    return { batchItemFailures };
  };
}
