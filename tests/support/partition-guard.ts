import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE_DEFINITION, type IndexName } from '../../functions/shared/data/table-definition';

/** Allowed partition keys, as IAM `StringLike` patterns: on the base table, and on each index. */
export interface AllowedPartitions {
  table: readonly string[];
  indexes: Partial<Record<IndexName, readonly string[]>>;
}

/** What the guard saw: the IAM action each request needs, and the requests it refused. */
export interface PartitionGuard {
  /** IAM actions of the requests sent (a transaction counts as the actions it contains, as IAM authorizes it). */
  readonly actions: Set<string>;
  /** One line per refused request: its command and the partition key that was not allowed. */
  readonly violations: string[];
}

/** IAM's `StringLike`: `*` matches any run of characters, `?` one; the rest literally. */
export function matchesStringLike(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

type Attributes = Record<string, unknown>;

/** A key attribute's string, marshalled (`{ S: "..." }`) or not. */
function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { S?: unknown }).S === 'string') return (value as { S: string }).S;
  return undefined;
}

const PARTITION_KEY_OF_INDEX = Object.fromEntries(
  TABLE_DEFINITION.globalSecondaryIndexes.map((index) => [index.indexName, index.partitionKey]),
) as Record<IndexName, string>;

/** The partition key value a Query's KeyConditionExpression fixes (`<pk> = :value`), through its placeholders. */
function queriedPartition(input: Attributes, partitionKey: string): string | undefined {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Attributes;
  for (const [, name, placeholder] of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[name!] ?? name) === partitionKey) return stringOf(values[placeholder!]);
  }
  return undefined;
}

/** Every (action, index, partition key) a request touches; an unknown command yields one entry with no key. */
function touched(command: string, input: Attributes): { action: string; index?: IndexName; partition: string | undefined }[] {
  const pk = (attributes: unknown) => stringOf((attributes as Attributes | undefined)?.[TABLE_DEFINITION.partitionKey]);
  const requestItems = (input.RequestItems ?? {}) as Record<string, unknown>;
  switch (command) {
    case 'GetItemCommand':
    case 'GetCommand':
      return [{ action: 'dynamodb:GetItem', partition: pk(input.Key) }];
    case 'PutItemCommand':
    case 'PutCommand':
      return [{ action: 'dynamodb:PutItem', partition: pk(input.Item) }];
    case 'UpdateItemCommand':
    case 'UpdateCommand':
      return [{ action: 'dynamodb:UpdateItem', partition: pk(input.Key) }];
    case 'DeleteItemCommand':
    case 'DeleteCommand':
      return [{ action: 'dynamodb:DeleteItem', partition: pk(input.Key) }];
    case 'QueryCommand': {
      const index = input.IndexName as IndexName | undefined;
      const partitionKey = index ? PARTITION_KEY_OF_INDEX[index] : TABLE_DEFINITION.partitionKey;
      return [{ action: 'dynamodb:Query', index, partition: partitionKey ? queriedPartition(input, partitionKey) : undefined }];
    }
    case 'TransactWriteItemsCommand':
    case 'TransactWriteCommand':
      return (input.TransactItems as Attributes[]).map((item) => {
        const [kind, action] = Object.entries(item)[0] as [string, Attributes];
        const iamAction = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind];
        return { action: `dynamodb:${iamAction ?? kind}`, partition: pk(action.Item ?? action.Key) };
      });
    case 'TransactGetItemsCommand':
    case 'TransactGetCommand':
      return (input.TransactItems as { Get: Attributes }[]).map((item) => ({ action: 'dynamodb:GetItem', partition: pk(item.Get.Key) }));
    case 'BatchWriteItemCommand':
    case 'BatchWriteCommand':
      return Object.values(requestItems).flatMap((requests) =>
        (requests as { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]).map((request) => ({
          action: 'dynamodb:BatchWriteItem',
          partition: pk(request.PutRequest?.Item ?? request.DeleteRequest?.Key),
        })),
      );
    case 'BatchGetItemCommand':
    case 'BatchGetCommand':
      return Object.values(requestItems).flatMap((request) =>
        ((request as { Keys: unknown[] }).Keys ?? []).map((key) => ({ action: 'dynamodb:BatchGetItem', partition: pk(key) })),
      );
    default:
      // Scan and anything else: no partition key, so no LeadingKeys condition could allow it.
      return [{ action: `dynamodb:${command.replace(/Command$/, '')}`, partition: undefined }];
  }
}

/**
 * Adds a middleware to `client` that refuses, as IAM's `dynamodb:LeadingKeys`
 * condition would, every request touching a partition outside `allowed`:
 * the request fails (like AccessDenied) and is recorded in `violations`,
 * because the code under test may catch the error. Give the guarded code a
 * client of its own: a DocumentClient shares its middleware stack with the
 * DynamoDBClient it was made from.
 */
export function guardPartitions(client: DynamoDBDocumentClient, allowed: AllowedPartitions): PartitionGuard {
  const guard: PartitionGuard = { actions: new Set(), violations: [] };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown');
      const refused: string[] = [];
      for (const { action, index, partition } of touched(command, args.input as Attributes)) {
        guard.actions.add(action);
        const patterns = index ? (allowed.indexes[index] ?? []) : allowed.table;
        if (partition === undefined || !patterns.some((pattern) => matchesStringLike(pattern, partition))) {
          refused.push(`${command}${index ? ` on ${index}` : ''}: ${partition ?? '(no partition key)'}`);
        }
      }
      if (refused.length > 0) {
        guard.violations.push(...refused);
        throw new Error(`Partition guard refused ${refused.join('; ')}`);
      }
      return next(args);
    },
    // After the DocumentClient's marshalling (initialize): stringOf reads either form.
    { step: 'build', name: 'reconnectPartitionGuard' },
  );
  return guard;
}
