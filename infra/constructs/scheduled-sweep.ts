import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { createProjectFunction } from './project-function';

export interface ScheduledSweepProps {
  /** Short name of the function (source map, role description). */
  readonly name: string;
  readonly description: string;
  /** Absolute path of the handler file. */
  readonly entry: string;
  readonly intervalMinutes: number;
  readonly timeout: Duration;
  readonly memorySize: number;
  readonly environment: Record<string, string>;
  readonly reservedConcurrency: number;
  readonly logKey: kms.IKey;
  /** What the schedule rule does, in its description. */
  readonly ruleDescription: string;
  /** What a message in the DLQ means, for the alarm. */
  readonly dlqAlarmDescription: string;
}

/** The parts of a scheduled sweep; the caller grants the function what its code uses. */
export interface ScheduledSweepParts {
  readonly function: lambda.IFunction;
  readonly rule: events.Rule;
  readonly dlq: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;
}

/**
 * A Lambda on an EventBridge `rate(<interval> minutes)` schedule, created in
 * `scope` (ids Dlq, Function, Logs, Role, Schedule, DlqAlarm):
 *
 *     schedule ──> Lambda ── could not invoke / failed after retries ──> SQS DLQ ──> alarm at one message
 *
 * For idempotent sweeps only: EventBridge retries an invocation it could not
 * deliver, Lambda retries a run that threw, and the next scheduled run picks
 * up whatever is left anyway. Neither retries beyond one interval.
 */
export function createScheduledSweep(scope: Construct, props: ScheduledSweepProps): ScheduledSweepParts {
  // Kept 14 days (the maximum): time to notice the alarm and look at what failed.
  const dlq = new sqs.Queue(scope, 'Dlq', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  // It is itself a dead-letter queue (a rule's DLQ and a Lambda on-failure destination), so it has none of its own.
  Validations.of(dlq).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is a dead-letter queue (EventBridge target DLQ and Lambda on-failure destination); a DLQ of a DLQ would only move the problem. It is alarmed as soon as it holds a message.',
  });
  const interval = Duration.minutes(props.intervalMinutes);
  const fn = createProjectFunction(scope, {
    name: props.name,
    reservedConcurrency: props.reservedConcurrency,
    logKey: props.logKey,
    description: props.description,
    entry: props.entry,
    memorySize: props.memorySize,
    timeout: props.timeout,
    environment: props.environment,
    // Lambda retries a failed run twice; a run older than one interval is
    // superseded by the next scheduled one, so it is not worth keeping longer.
    retryAttempts: 2,
    maxEventAge: interval,
    onFailure: new SqsDestination(dlq),
  });

  // Scheduled rules live on the account's default bus; the target is the sweep.
  const rule = new events.Rule(scope, 'Schedule', {
    description: props.ruleDescription,
    schedule: events.Schedule.rate(interval),
    targets: [
      new targets.LambdaFunction(fn, {
        // When EventBridge cannot invoke the function it retries for up to
        // one interval (then the next run is due anyway) and keeps the event in the DLQ.
        retryAttempts: 8,
        maxEventAge: interval,
        deadLetterQueue: dlq,
      }),
    ],
  });

  const alarm = new cloudwatch.Alarm(scope, 'DlqAlarm', {
    alarmDescription: props.dlqAlarmDescription,
    metric: dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  return { function: fn, rule, dlq, alarm };
}
