import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { IndexName } from '../../functions/shared/data/table-definition';

/**
 * DynamoDB actions a function may need, spelled out (never `dynamodb:*`, and
 * never Scan: every read is by key or a Query). Transactions need no action
 * of their own: TransactWriteItems is authorized as the Put/Update/Delete/
 * ConditionCheck actions it contains, TransactGetItems as GetItem.
 */
export type TableAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:Query'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:BatchWriteItem'
  | 'dynamodb:ConditionCheckItem';

/**
 * The partition keys a function may reach, as IAM `StringLike` patterns: on
 * the base table, and on each index it queries (a Query on an index is
 * authorized against the index's partition key).
 */
export interface LeadingKeys {
  readonly table: readonly string[];
  readonly indexes: Partial<Record<IndexName, readonly string[]>>;
}

/** What one function does with the table: item actions, and the indexes it queries (nothing else is reachable). */
export interface TableAccess {
  readonly actions: readonly TableAction[];
  readonly queriedIndexes: readonly IndexName[];
  /** When set, only these partitions (`dynamodb:LeadingKeys`); otherwise the whole table. */
  readonly leadingKeys?: LeadingKeys;
}

/**
 * KMS actions DynamoDB needs from the caller on a table under a customer
 * managed key: it decrypts the table key (Decrypt) and, for writes, has it
 * encrypt; DescribeKey lets it check the key.
 */
const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey'];

/**
 * The `dynamodb:LeadingKeys` condition for `patterns`. ForAllValues holds
 * when every partition key of the request matches; it also holds when the
 * request carries none, hence `Null: false` where a key is always present
 * (item actions on the base table). An index Query gets no `Null` guard: if
 * IAM ever evaluated it without the key, the guard would deny the dispatcher's
 * fan-out, whereas the missing key only leaves the index statement as broad
 * as before (it is still limited to that index and to Query).
 */
function leadingKeysCondition(patterns: readonly string[], requireKey: boolean): Record<string, Record<string, unknown>> {
  return {
    'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...patterns] },
    ...(requireKey ? { Null: { 'dynamodb:LeadingKeys': 'false' } } : {}),
  };
}

/**
 * Grants exactly `access` on `table` (the base table's ARN for item actions and
 * key Queries, each queried index's own ARN), restricted to `access.leadingKeys`
 * when given, plus the table key's use through DynamoDB only.
 */
export function grantTableAccess(role: iam.IGrantable, table: dynamodb.ITable, key: kms.IKey, access: TableAccess): void {
  const { leadingKeys } = access;
  const statements = [
    new iam.PolicyStatement({
      actions: [...access.actions],
      resources: [table.tableArn],
      ...(leadingKeys ? { conditions: leadingKeysCondition(leadingKeys.table, true) } : {}),
    }),
    // DynamoDB uses the table key on the caller's behalf; no function calls KMS
    // with it directly, so kms:ViaService keeps the grant from being used outside DynamoDB.
    new iam.PolicyStatement({
      actions: TABLE_KEY_ACTIONS,
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `dynamodb.${Stack.of(table).region}.amazonaws.com` } },
    }),
  ];
  if (leadingKeys) {
    // One statement per index: each index has its own partitions.
    for (const index of access.queriedIndexes) {
      const patterns = leadingKeys.indexes[index];
      if (!patterns) throw new Error(`grantTableAccess: leadingKeys has no partitions for the queried index ${index}`);
      statements.push(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: [`${table.tableArn}/index/${index}`],
          conditions: leadingKeysCondition(patterns, false),
        }),
      );
    }
  } else if (access.queriedIndexes.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: access.queriedIndexes.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
  for (const statement of statements) role.grantPrincipal.addToPrincipalPolicy(statement);
}
