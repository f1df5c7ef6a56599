import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_RULES, type EventPattern, type RuleTarget } from '../../functions/shared/events/rules';
import { WEBHOOK_LAMBDA_PARTITIONS } from '../../functions/webhooks/webhook-partitions';
import { WEBHOOK_SECRET_PURPOSE } from './graphql-api';
import { createProjectFunction } from './project-function';
import { grantTableAccess, type TableAccess } from './table-access';

export interface EventsAndWebhooksProps {
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  /** Opens sealed webhook signing secrets: these two Lambdas are the only ones allowed to Decrypt. */
  readonly webhookSecretsKey: kms.IKey;
  readonly logKey: kms.IKey;
  /** Absolute paths of the two webhook handlers. */
  readonly entries: { readonly dispatch: string; readonly retry: string };
  /** Physical name of the bus, e.g. `reconnect-prod-events` (one per stage). */
  readonly eventBusName: string;
  readonly reservedConcurrency: { readonly dispatch: number; readonly retry: number };
}

/**
 * What the webhook Lambdas do with the table: webhooks by key and a couple's
 * (or practice's) webhooks from gsi1, deliveries and event markers by key,
 * conditional writes and transactions. No Scan, no other index, no
 * BatchWrite; and only the webhook partitions (WEBHOOK_LAMBDA_PARTITIONS):
 * they call URLs that users choose, so they must never reach a reflection.
 * They never delete (the API deletes webhooks) nor condition-check another
 * item, so neither DeleteItem nor ConditionCheckItem: the partitions test
 * (tests/webhooks/webhook-partitions.test.ts) checks the actions they send too.
 */
export const WEBHOOK_TABLE_ACCESS: TableAccess = {
  actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  queriedIndexes: ['gsi1'],
  leadingKeys: { table: WEBHOOK_LAMBDA_PARTITIONS.table, indexes: { gsi1: WEBHOOK_LAMBDA_PARTITIONS.gsi1 } },
};

/**
 * Webhook deliveries take at most 10 s per attempt and a couple has at most
 * 10 webhooks, attempted concurrently; 30 s leaves room for DynamoDB.
 */
const WEBHOOK_FUNCTION_TIMEOUT = Duration.seconds(30);

/**
 * Opens sealed signing secrets to sign with: only secrets sealed for that
 * purpose and bound to a webhook, i.e. an encryption context of exactly
 * `{ purpose, webhookId }` (functions/webhooks/secret-context.ts).
 * No `kms:ViaService`: the Lambda calls KMS itself (envelope encryption,
 * kms-data-keys.ts), so the request comes through no AWS service and such a
 * condition would refuse every Decrypt. The table key, used through
 * DynamoDB, does carry it (table-access.ts).
 */
function webhookSecretDecrypt(key: kms.IKey): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [key.keyArn],
    conditions: {
      StringEquals: { 'kms:EncryptionContext:purpose': WEBHOOK_SECRET_PURPOSE },
      'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['purpose', 'webhookId'] },
      Null: { 'kms:EncryptionContext:webhookId': 'false' },
    },
  });
}

/** The EventBridge shape of a shared pattern (CDK spells `detail-type` as `detailType`). */
export function toCdkEventPattern(pattern: EventPattern): events.EventPattern {
  return {
    ...(pattern.source ? { source: [...pattern.source] } : {}),
    ...(pattern['detail-type'] ? { detailType: [...pattern['detail-type']] } : {}),
  };
}

/**
 * The project's event bus and everything behind it:
 *
 *     API ──PutEvents──> bus "reconnect-events" ──rule (EVENT_RULES)──> dispatch Lambda ──POST──> subscriber
 *                                                                         │ no 2xx
 *                                                                         v
 *                                   SQS "webhook-retries" (delays ≤ 15 min, hops for longer) ──> retry Lambda ──POST──> subscriber
 *
 * Failures are never silent: an event the rule could not hand to the
 * dispatcher, or that the dispatcher failed on after Lambda's retries, lands
 * in the events DLQ; a retry message that keeps failing lands in the retry
 * DLQ. Both DLQs are alarmed as soon as they hold anything.
 *
 * Least privilege: both webhook Lambdas read and write the table and send to
 * the retry queue; the retry Lambda also consumes it; the dispatcher may also
 * send its failures to the events DLQ. Neither may publish events.
 */
export class EventsAndWebhooks extends Construct {
  readonly bus: events.EventBus;
  readonly dispatchFunction: lambda.IFunction;
  readonly retryFunction: lambda.IFunction;
  readonly retryQueue: sqs.Queue;
  readonly eventsDlq: sqs.Queue;
  readonly retryDlq: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[];
  /** The bus rules, for their FailedInvocations alarms. */
  readonly rules: { readonly name: string; readonly rule: events.Rule }[];

  constructor(scope: Construct, id: string, props: EventsAndWebhooksProps) {
    super(scope, id);

    this.bus = new events.EventBus(this, 'Bus', { eventBusName: props.eventBusName });

    const queueDefaults = {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    } satisfies sqs.QueueProps;
    // DLQs keep messages for the maximum 14 days: time to notice the alarm and redrive.
    this.eventsDlq = new sqs.Queue(this, 'EventsDlq', { ...queueDefaults, retentionPeriod: Duration.days(14) });
    this.retryDlq = new sqs.Queue(this, 'WebhookRetriesDlq', { ...queueDefaults, retentionPeriod: Duration.days(14) });
    // It is itself a dead-letter queue (a rule's DLQ and a Lambda on-failure destination), so it has none of its own.
    Validations.of(this.eventsDlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is a dead-letter queue (EventBridge target DLQ and Lambda on-failure destination); a DLQ of a DLQ would only move the problem. It is alarmed as soon as it holds a message.',
    });
    this.retryQueue = new sqs.Queue(this, 'WebhookRetries', {
      ...queueDefaults,
      // AWS's advice for a Lambda event source: at least 6× the function timeout,
      // so a message is not handed out again while a slow batch still runs.
      visibilityTimeout: Duration.seconds(WEBHOOK_FUNCTION_TIMEOUT.toSeconds() * 6),
      // A message only waits ≤ 15 min per hop; a day is ample.
      retentionPeriod: Duration.days(1),
      // 5 failed receives in a row is a bug or an outage, not bad luck.
      deadLetterQueue: { queue: this.retryDlq, maxReceiveCount: 5 },
    });

    const environment = {
      RECONNECT_STAGE: 'cloud',
      TABLE_NAME: props.table.tableName,
      RETRY_QUEUE_URL: this.retryQueue.queueUrl,
      WEBHOOK_SECRETS_KEY_ID: props.webhookSecretsKey.keyArn,
    };

    // No VPC: subscribers are on the public internet. Lambda has no instance
    // metadata service, and the transport refuses loopback (the runtime API),
    // private and link-local addresses at connect time anyway.
    const dispatch = createProjectFunction(this, {
      name: 'webhook-dispatch',
      ids: { function: 'DispatchFunction', logGroup: 'DispatchLogs', role: 'DispatchRole' },
      reservedConcurrency: props.reservedConcurrency.dispatch,
      logKey: props.logKey,
      description: 'Webhook dispatcher: first delivery attempt of each bus event',
      entry: props.entries.dispatch,
      memorySize: 512,
      timeout: WEBHOOK_FUNCTION_TIMEOUT,
      environment,
      // EventBridge invokes asynchronously: Lambda retries a failed invocation
      // twice (safe: the dispatcher is idempotent per event), then gives up to the DLQ.
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.eventsDlq),
    });
    const retry = createProjectFunction(this, {
      name: 'webhook-retry',
      ids: { function: 'RetryFunction', logGroup: 'RetryLogs', role: 'RetryRole' },
      reservedConcurrency: props.reservedConcurrency.retry,
      logKey: props.logKey,
      description: 'Webhook retries: later delivery attempts from the webhook-retries queue',
      entry: props.entries.retry,
      memorySize: 512,
      timeout: WEBHOOK_FUNCTION_TIMEOUT,
      environment,
    });
    retry.addEventSource(
      new SqsEventSource(this.retryQueue, {
        batchSize: 10,
        // One failed message is retried alone; the rest of the batch is done.
        reportBatchItemFailures: true,
      }),
    );
    for (const fn of [dispatch, retry]) {
      grantTableAccess(fn, props.table, props.tableKey, WEBHOOK_TABLE_ACCESS);
      this.retryQueue.grantSendMessages(fn);
      fn.addToRolePolicy(webhookSecretDecrypt(props.webhookSecretsKey));
    }
    this.dispatchFunction = dispatch;
    this.retryFunction = retry;

    const ruleTargets: Record<RuleTarget, lambda.IFunction> = { 'webhook-dispatcher': dispatch };
    this.rules = EVENT_RULES.map((rule) => ({
      name: rule.name,
      rule: new events.Rule(this, rule.name, {
        eventBus: this.bus,
        description: rule.description,
        eventPattern: toCdkEventPattern(rule.pattern),
        targets: [
          new targets.LambdaFunction(ruleTargets[rule.target], {
            // When EventBridge cannot invoke the function (throttling, a
            // service problem) it retries for up to a day, then hands the
            // event to the DLQ instead of dropping it.
            retryAttempts: 185,
            maxEventAge: Duration.hours(24),
            deadLetterQueue: this.eventsDlq,
          }),
        ],
      }),
    }));

    this.alarms = [
      this.dlqAlarm('EventsDlqAlarm', this.eventsDlq, 'Bus events that never reached, or failed in, the webhook dispatcher'),
      this.dlqAlarm('WebhookRetriesDlqAlarm', this.retryDlq, 'Webhook retry messages that kept failing'),
    ];
  }

  /** Alarms as soon as the DLQ holds a message: each one is an event or a retry that needs a human. */
  private dlqAlarm(id: string, queue: sqs.Queue, what: string): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, id, {
      alarmDescription: `${what}: inspect the DLQ and redrive`,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
