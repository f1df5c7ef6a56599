import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';

/** A Lambda to watch and what to call it in alarm descriptions. */
export interface WatchedFunction {
  readonly name: string;
  readonly function: lambda.IFunction;
}

/** A rule to watch; `busName` for rules on a custom bus (their metrics carry it as a dimension). */
export interface WatchedRule {
  readonly name: string;
  readonly rule: events.IRule;
  readonly busName?: string;
}

export interface MonitoringProps {
  readonly stage: string;
  readonly key: kms.IKey;
  readonly alarmEmail?: string;
  readonly functions: readonly WatchedFunction[];
  /** The GraphQL Lambda and its timeout: its duration alarm fires at 80% of it. */
  readonly graphql: { readonly function: lambda.IFunction; readonly timeout: Duration };
  readonly httpApi: apigw.IHttpApi;
  readonly table: dynamodb.ITable;
  readonly retryQueue: sqs.IQueue;
  readonly rules: readonly WatchedRule[];
  /** The reminder sweep and its schedule interval. */
  readonly sweep: ScheduledFunction;
  /** The erasure sweep and its schedule interval. */
  readonly erasureSweep: ScheduledFunction;
}

/** A function on a schedule: silence alarms watch it. */
export interface ScheduledFunction {
  readonly function: lambda.IFunction;
  readonly intervalMinutes: number;
}

/** Oldest retry message older than this: messages wait at most 15 min per hop, so the consumer is stuck or failing. */
export const RETRY_QUEUE_MAX_AGE = Duration.minutes(30);

/** No sweep finished without error for this long (three missed runs at rate(15 minutes)). */
export const SWEEP_SILENCE = Duration.minutes(45);

/** Operations whose throttles and system errors count (everything the functions call). */
const TABLE_OPERATIONS = [
  dynamodb.Operation.GET_ITEM,
  dynamodb.Operation.BATCH_GET_ITEM,
  dynamodb.Operation.QUERY,
  dynamodb.Operation.PUT_ITEM,
  dynamodb.Operation.UPDATE_ITEM,
  dynamodb.Operation.DELETE_ITEM,
  dynamodb.Operation.BATCH_WRITE_ITEM,
  dynamodb.Operation.TRANSACT_WRITE_ITEMS,
];

/**
 * The alarms of the stack and the encrypted SNS topic they notify. Every
 * alarm in the stack, these and those other constructs made (the DLQs'),
 * notifies the topic on ALARM and OK: `notifyAllAlarms` runs last.
 *
 * Thresholds: one Lambda error or throttle, one DynamoDB throttle or system
 * error, one failed rule invocation is already worth a look for an app this
 * size; API 5xx fire at 5 in 5 minutes (a single 5xx can be a client
 * disconnect); GraphQL duration at p99 above 80% of the timeout in 2 of 3
 * 5-minute periods (requests are close to being cut off).
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      topicName: `reconnect-${props.stage}-alarms`,
      displayName: `Reconnect ${props.stage} alarms`,
      masterKey: props.key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));

    const fiveMinutes = Duration.minutes(5);
    for (const { name, function: fn } of props.functions) {
      this.atLeastOnce(`${name}Errors`, fn.metricErrors({ period: fiveMinutes, statistic: 'Sum' }), `${name} Lambda: invocations failed`);
      this.atLeastOnce(
        `${name}Throttles`,
        fn.metricThrottles({ period: fiveMinutes, statistic: 'Sum' }),
        `${name} Lambda: invocations throttled (reserved concurrency reached)`,
      );
    }

    const timeoutMs = props.graphql.timeout.toMilliseconds();
    this.add('GraphqlDurationNearTimeout', {
      alarmDescription: `GraphQL Lambda p99 duration above 80% of its ${timeoutMs / 1000} s timeout`,
      metric: props.graphql.function.metricDuration({ period: fiveMinutes, statistic: 'p99' }),
      threshold: timeoutMs * 0.8,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.add('Api5xx', {
      alarmDescription: 'HTTP API answered 5xx (Lambda errors, timeouts or integration failures)',
      metric: props.httpApi.metricServerError({ period: fiveMinutes, statistic: 'Sum' }),
      threshold: 5,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    this.atLeastOnce(
      'TableThrottles',
      props.table.metricThrottledRequestsForOperations({ operations: TABLE_OPERATIONS, period: fiveMinutes }),
      'DynamoDB throttled requests to the table or its indexes',
    );
    this.atLeastOnce(
      'TableSystemErrors',
      props.table.metricSystemErrorsForOperations({ operations: TABLE_OPERATIONS, period: fiveMinutes }),
      'DynamoDB system errors (HTTP 500 from the service)',
    );

    this.add('RetryQueueOldestMessage', {
      alarmDescription: `A webhook retry message waited more than ${RETRY_QUEUE_MAX_AGE.toMinutes()} min: the retry Lambda is failing or throttled`,
      metric: props.retryQueue.metricApproximateAgeOfOldestMessage({ period: fiveMinutes, statistic: 'Maximum' }),
      threshold: RETRY_QUEUE_MAX_AGE.toSeconds(),
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });

    for (const { name, rule, busName } of props.rules) {
      const metric = new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensionsMap: busName ? { EventBusName: busName, RuleName: rule.ruleName } : { RuleName: rule.ruleName },
        period: fiveMinutes,
        statistic: 'Sum',
      });
      this.atLeastOnce(`${name}RuleFailedInvocations`, metric, `EventBridge rule ${name}: invocations of its target failed`);
    }

    this.silenceAlarm('NoSuccessfulSweep', 'reminder sweep', props.sweep);
    // Erasures wait on it for their last step (the Cognito user, then DONE).
    this.silenceAlarm('NoSuccessfulErasureSweep', 'erasure sweep', props.erasureSweep);
  }

  /**
   * "A sweep completed" = an invocation without error: the handlers throw when
   * any entry failed, and timeouts count as errors too. A missing datapoint
   * (never invoked: rule disabled, throttled) is 0 runs.
   */
  private silenceAlarm(id: string, label: string, sweep: ScheduledFunction): void {
    const period = SWEEP_SILENCE;
    const succeeded = new cloudwatch.MathExpression({
      label: `Runs of the ${label} completed without error`,
      expression: 'FILL(invocations, 0) - FILL(errors, 0)',
      usingMetrics: {
        invocations: sweep.function.metricInvocations({ period, statistic: 'Sum' }),
        errors: sweep.function.metricErrors({ period, statistic: 'Sum' }),
      },
      period,
    });
    this.add(id, {
      alarmDescription: `No ${label} completed without error in ${SWEEP_SILENCE.toMinutes()} minutes (it runs every ${sweep.intervalMinutes})`,
      metric: succeeded,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  /**
   * Adds the topic as ALARM and OK action of every CloudWatch alarm under
   * `scope` (the whole stack), so no alarm can be added that notifies nobody.
   */
  notifyAllAlarms(scope: IConstruct): void {
    const action = new SnsAction(this.topic);
    for (const node of scope.node.findAll()) {
      if (node instanceof cloudwatch.Alarm) {
        node.addAlarmAction(action);
        node.addOkAction(action);
      }
    }
  }

  private add(id: string, props: cloudwatch.AlarmProps): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, props);
    this.alarms.push(alarm);
    return alarm;
  }

  private atLeastOnce(id: string, metric: cloudwatch.IMetric, description: string): cloudwatch.Alarm {
    return this.add(id, {
      alarmDescription: description,
      metric,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }
}
