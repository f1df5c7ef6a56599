import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { SWEEP_INTERVAL_MINUTES, SWEEP_TIMEOUT_SECONDS } from '../../functions/reminders/sweep';
import type { IndexName } from '../../functions/shared/data/table-definition';
import { ScheduledSweep } from './scheduled-sweep';
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
export class ReminderSweep extends ScheduledSweep {
  constructor(scope: Construct, id: string, props: ReminderSweepProps) {
    super(scope, id, {
      // "reminder-sweep" names its source map, as before the sweeps shared this code.
      name: 'reminder-sweep',
      description: 'Reminder sweep: reminds due couples and upcoming sessions, relays the outbox',
      entry: props.entry,
      intervalMinutes: SWEEP_INTERVAL_MINUTES,
      timeout: Duration.seconds(SWEEP_TIMEOUT_SECONDS),
      memorySize: 512,
      environment: {
        RECONNECT_STAGE: 'cloud',
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
      },
      reservedConcurrency: props.reservedConcurrency,
      logKey: props.logKey,
      ruleDescription: `Runs the reminder sweep every ${SWEEP_INTERVAL_MINUTES} minutes`,
      dlqAlarmDescription: 'Reminder sweep runs that failed or could not be started: inspect the DLQ and the sweep logs',
    });
    grantTableAccess(this.function, props.table, props.tableKey, { actions: SWEEP_TABLE_ACTIONS, queriedIndexes: SWEEP_QUERIED_INDEXES });
    props.eventBus.grantPutEventsTo(this.function);
  }
}
