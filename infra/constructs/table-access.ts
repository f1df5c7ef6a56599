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

/** What one function does with the table: item actions, and the indexes it queries (nothing else is reachable). */
export interface TableAccess {
  readonly actions: readonly TableAction[];
  readonly queriedIndexes: readonly IndexName[];
}

/**
 * KMS actions DynamoDB needs from the caller on a table under a customer
 * managed key: it decrypts the table key (Decrypt) and, for writes, has it
 * encrypt; DescribeKey lets it check the key.
 */
const TABLE_KEY_ACTIONS = ['kms:Decrypt', 'kms:Encrypt', 'kms:DescribeKey'];

/**
 * Grants exactly `access` on `table` (the base table's ARN for item actions and
 * key Queries, each queried index's own ARN) plus the table key's use.
 */
export function grantTableAccess(role: iam.IGrantable, table: dynamodb.ITable, key: kms.IKey, access: TableAccess): void {
  const statements = [
    new iam.PolicyStatement({ actions: [...access.actions], resources: [table.tableArn] }),
    new iam.PolicyStatement({ actions: TABLE_KEY_ACTIONS, resources: [key.keyArn] }),
  ];
  if (access.queriedIndexes.length > 0) {
    statements.push(
      new iam.PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: access.queriedIndexes.map((index) => `${table.tableArn}/index/${index}`),
      }),
    );
  }
  for (const statement of statements) role.grantPrincipal.addToPrincipalPolicy(statement);
}
