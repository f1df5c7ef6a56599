import { Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
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

/**
 * A Lambda on an EventBridge `rate(<interval> minutes)` schedule (children
 * Dlq, Function, Logs, Role, Schedule, DlqAlarm):
 *
 *     schedule ──> Lambda ── could not invoke / failed after retries ──> SQS DLQ ──> alarm at one message
 *
 * For idempotent sweeps only: EventBridge retries an invocation it could not
 * deliver, Lambda retries a run that threw, and the next scheduled run picks
 * up whatever is left anyway. Neither retries beyond one interval. Subclasses
 * grant the function what their code uses.
 */
export abstract class ScheduledSweep extends Construct {
  readonly function: lambda.IFunction;
  readonly rule: events.Rule;
  readonly dlq: sqs.Queue;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScheduledSweepProps) {
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
    const interval = Duration.minutes(props.intervalMinutes);
    this.function = createProjectFunction(this, {
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
      onFailure: new SqsDestination(this.dlq),
    });

    // Scheduled rules live on the account's default bus; the target is the sweep.
    this.rule = new events.Rule(this, 'Schedule', {
      description: props.ruleDescription,
      schedule: events.Schedule.rate(interval),
      targets: [
        new targets.LambdaFunction(this.function, {
          // When EventBridge cannot invoke the function it retries for up to
          // one interval (then the next run is due anyway) and keeps the event in the DLQ.
          retryAttempts: 8,
          maxEventAge: interval,
          deadLetterQueue: this.dlq,
        }),
      ],
    });

    this.alarm = new cloudwatch.Alarm(this, 'DlqAlarm', {
      alarmDescription: props.dlqAlarmDescription,
      metric: this.dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
