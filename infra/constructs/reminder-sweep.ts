import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SWEEP_INTERVAL_MINUTES, SWEEP_TIMEOUT_SECONDS } from '../../functions/reminders/sweep';
import type { IndexName } from '../../functions/shared/data/table-definition';
import { createProjectFunction } from './project-function';
import { grantTableAccess } from './table-access';

export interface ReminderSweepProps {
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  readonly logKey: kms.IKey;
  readonly reservedConcurrency: number;
  /** The project's bus: new reminders are published there (through the outbox). */
  readonly eventBus: events.IEventBus;
  /** Absolute path of functions/reminders/sweep-handler.ts. */
  readonly entry: string;
}

/**
 * The DynamoDB actions the sweep uses on the table, and nothing else: reads
 * by key, conditional writes and transactions (whose Put/Update/
 * ConditionCheck are authorized as the single-item actions), BatchWriteItem
 * to clear published outbox items. Notably no Scan: the sweep reads due
 * entries from the sparse index only.
 */
export const SWEEP_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The only indexes the sweep queries: byDue (due entries) and gsi1 (the outbox, a couple's recent sessions for the draw). */
export const SWEEP_QUERIED_INDEXES: readonly IndexName[] = ['byDue', 'gsi1'];

/**
 * The reminder sweep:
 *
 *     EventBridge schedule rate(15 minutes) ──> sweep Lambda ──> DynamoDB (byDue index, reminders, couples)
 *                 │ could not invoke                 │ failed after retries      └──PutEvents──> reconnect-events bus
 *                 v                                  v
 *                         SQS "reminder-sweep DLQ" ──> alarm as soon as it holds a message
 *
 * The sweep is idempotent (one reminder per couple and due instant, by a
 * conditional write), so every retry here is safe: EventBridge retries an
 * invocation it could not deliver, Lambda retries a run that threw (an entry
 * failed), and the next scheduled run picks up whatever is left anyway.
 */
export class ReminderSweep extends Construct {
  readonly function: lambda.IFunction;
  readonly rule: events.Rule;
  readonly dlq: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ReminderSweepProps) {
    super(scope, id);

    // Kept 14 days (the maximum): time to notice the alarm and look at what failed.
    this.dlq = new sqs.Queue(this, 'Dlq', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    // It is itself a dead-letter queue (a rule's DLQ and a Lambda on-failure destination), so it has none of its own.
    Validations.of(this.dlq).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is a dead-letter queue (EventBridge target DLQ and Lambda on-failure destination); a DLQ of a DLQ would only move the problem. It is alarmed as soon as it holds a message.',
    });
    const fn = createProjectFunction(this, {
      name: 'reminder-sweep',
      reservedConcurrency: props.reservedConcurrency,
      logKey: props.logKey,
      description: 'Reminder sweep: reminds due couples and upcoming sessions, relays the outbox',
      entry: props.entry,
      memorySize: 512,
      timeout: Duration.seconds(SWEEP_TIMEOUT_SECONDS),
      environment: {
        RECONNECT_STAGE: 'cloud',
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
      },
      // Lambda retries a failed run twice; a run older than one sweep interval is
      // superseded by the next scheduled one, so it is not worth keeping longer.
      retryAttempts: 2,
      maxEventAge: Duration.minutes(SWEEP_INTERVAL_MINUTES),
      onFailure: new SqsDestination(this.dlq),
    });
    grantTableAccess(fn, props.table, props.tableKey, { actions: SWEEP_TABLE_ACTIONS, queriedIndexes: SWEEP_QUERIED_INDEXES });
    props.eventBus.grantPutEventsTo(fn);
    this.function = fn;

    // Scheduled rules live on the account's default bus; the target is the sweep.
    this.rule = new events.Rule(this, 'Schedule', {
      description: `Runs the reminder sweep every ${SWEEP_INTERVAL_MINUTES} minutes`,
      schedule: events.Schedule.rate(Duration.minutes(SWEEP_INTERVAL_MINUTES)),
      targets: [
        new targets.LambdaFunction(fn, {
          // When EventBridge cannot invoke the function it retries for up to
          // one interval (then the next run is due anyway) and keeps the event in the DLQ.
          retryAttempts: 8,
          maxEventAge: Duration.minutes(SWEEP_INTERVAL_MINUTES),
          deadLetterQueue: this.dlq,
        }),
      ],
    });

    this.alarm = new cloudwatch.Alarm(this, 'DlqAlarm', {
      alarmDescription: 'Reminder sweep runs that failed or could not be started: inspect the DLQ and the sweep logs',
      metric: this.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
