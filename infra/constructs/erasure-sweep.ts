import { Duration } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { ERASURE_SWEEP_INTERVAL_MINUTES, ERASURE_SWEEP_TIMEOUT_SECONDS } from '../../functions/privacy/erasure-sweep';
import { GRAPHQL_TABLE_ACCESS } from './graphql-api';
import { ScheduledSweep } from './scheduled-sweep';
import { grantTableAccess, type TableAccess } from './table-access';

export interface ErasureSweepProps {
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  readonly logKey: kms.IKey;
  readonly reservedConcurrency: number;
  /** Leaving a couple publishes its events there (through the outbox). */
  readonly eventBus: events.IEventBus;
  /** The pool the erased people are deleted from. */
  readonly userPool: cognito.IUserPool;
  /** Absolute path of functions/privacy/erasure-sweep-handler.ts. */
  readonly entry: string;
}

/**
 * What the erasure sweep does with the table: it runs `deleteMyAccount`'s
 * own steps (PrivacyService.resumeErasure), so the GraphQL Lambda's item
 * actions and indexes, and no more: no Scan (abandoned erasures are found by
 * a Query of their pending partition on the base table), no byDue.
 */
export const ERASURE_SWEEP_TABLE_ACCESS: TableAccess = GRAPHQL_TABLE_ACCESS;

/** The one Cognito action of the stack, on the one pool, for this function only. */
export const DELETE_USER_ACTION = 'cognito-idp:AdminDeleteUser';

/**
 * The erasure sweep (README "Export and erasure"):
 *
 *     EventBridge schedule rate(15 minutes) ──> erasure sweep Lambda ──> DynamoDB (pending erasures, then every item of the person)
 *                 │ could not invoke                 │ failed after retries    ├──PutEvents──> reconnect-events bus
 *                 v                                  v                         └──AdminDeleteUser──> Cognito user pool
 *                       SQS "erasure-sweep DLQ" ──> alarm as soon as it holds a message
 *
 * It finishes PENDING erasures started more than 15 minutes ago: crashed
 * ones, and every erasure the GraphQL Lambda ran, whose last step (the
 * Cognito user, then DONE) is this function's alone. Every step is
 * idempotent, so every retry is safe. Reserved concurrency 1 by default: two
 * runs never work on the same erasure.
 */
export class ErasureSweep extends ScheduledSweep {
  constructor(scope: Construct, id: string, props: ErasureSweepProps) {
    super(scope, id, {
      name: 'erasure-sweep',
      description: 'Erasure sweep: finishes abandoned account erasures and deletes erased people from the user pool',
      entry: props.entry,
      intervalMinutes: ERASURE_SWEEP_INTERVAL_MINUTES,
      timeout: Duration.seconds(ERASURE_SWEEP_TIMEOUT_SECONDS),
      memorySize: 512,
      environment: {
        RECONNECT_STAGE: 'cloud',
        TABLE_NAME: props.table.tableName,
        EVENT_BUS_NAME: props.eventBus.eventBusName,
        USER_POOL_ID: props.userPool.userPoolId,
      },
      reservedConcurrency: props.reservedConcurrency,
      logKey: props.logKey,
      ruleDescription: `Runs the erasure sweep every ${ERASURE_SWEEP_INTERVAL_MINUTES} minutes`,
      dlqAlarmDescription:
        'Erasure sweep runs that failed or could not be started: erasures stay PENDING (accounts closed, Cognito users not deleted); inspect the DLQ and the sweep logs',
    });
    grantTableAccess(this.function, props.table, props.tableKey, ERASURE_SWEEP_TABLE_ACCESS);
    props.eventBus.grantPutEventsTo(this.function);
    this.function.addToRolePolicy(new iam.PolicyStatement({ actions: [DELETE_USER_ACTION], resources: [props.userPool.userPoolArn] }));
  }
}
