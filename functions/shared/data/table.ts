import { TransactionCanceledException, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** What every repository needs: the client and the table it owns. */
export interface TableContext {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };

/**
 * Reads many items by key with BatchGetItem: 100 keys per request, retrying
 * unprocessed keys. Returns items keyed by `pk|sk`. The request count grows
 * with keys/100, never with one request per item. `consistent`: strongly
 * consistent reads (before conditional writes).
 */
export async function batchGetItems(
  table: TableContext,
  keys: readonly Key[],
  options: { consistent?: boolean } = {},
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(keys.map((k) => [keyString(k), k])).values()];
  for (let start = 0; start < unique.length; start += 100) {
    let pending: Key[] = unique.slice(start, start + 100);
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await delay(Math.min(1000, 25 * 2 ** attempt));
      const result = await table.client.send(
        new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: pending, ConsistentRead: options.consistent } } }),
      );
      for (const item of result.Responses?.[table.tableName] ?? []) {
        found.set(keyString(item as Key), item);
      }
      pending = (result.UnprocessedKeys?.[table.tableName]?.Keys as Key[] | undefined) ?? [];
      if (attempt > 8 && pending.length > 0) throw new Error('BatchGetItem kept returning unprocessed keys');
    }
  }
  return found;
}

/**
 * Deletes many items by key with BatchWriteItem: 25 keys per request,
 * retrying unprocessed keys. Deleting an absent item is not an error.
 */
export async function batchDeleteItems(table: TableContext, keys: readonly Key[]): Promise<void> {
  const unique = [...new Map(keys.map((k) => [keyString(k), k])).values()];
  for (let start = 0; start < unique.length; start += 25) {
    let pending = unique.slice(start, start + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      if (attempt > 0) await delay(Math.min(1000, 25 * 2 ** attempt));
      if (attempt > 8) throw new Error('BatchWriteItem kept returning unprocessed items');
      const result = await table.client.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: pending } }));
      pending = (result.UnprocessedItems?.[table.tableName] as typeof pending | undefined) ?? [];
    }
  }
}

/** `pk|sk`, the map key batchGetItems uses. */
export function keyString(key: Key): string {
  return `${key.pk}|${key.sk}`;
}

/**
 * Strongly consistent GetItem: the item as stored now, or null. Repositories
 * read this way before a conditional write and after one lost.
 */
export async function getConsistent(table: TableContext, key: Key): Promise<Item | null> {
  const result = await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true }));
  return result.Item ?? null;
}

/** An UpdateItem on this table: everything but the table name. */
export type UpdateInput = Omit<UpdateCommandInput, 'TableName'>;

/**
 * The one way to send a single conditional UpdateItem: `applied` is false
 * when its condition failed, so callers branch on the outcome instead of
 * catching; `attributes` are what `ReturnValues` asked for.
 */
export async function conditionalUpdate(table: TableContext, input: UpdateInput): Promise<{ applied: boolean; attributes?: Item }> {
  try {
    const result = await table.client.send(new UpdateCommand({ ...input, TableName: table.tableName }));
    return { applied: true, attributes: result.Attributes };
  } catch (error) {
    if (isConditionFailure(error)) return { applied: false };
    throw error;
  }
}

/** A DeleteItem on this table: everything but the table name. */
export type DeleteInput = Omit<DeleteCommandInput, 'TableName'>;

/** A single conditional DeleteItem: false when its condition failed (nothing was deleted). */
export async function conditionalDelete(table: TableContext, input: DeleteInput): Promise<boolean> {
  try {
    await table.client.send(new DeleteCommand({ ...input, TableName: table.tableName }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** True when a single conditional write failed its condition. */
function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/**
 * For a cancelled transaction, the index of each action whose condition failed.
 * Null when the error is not a transaction cancellation.
 */
export function failedConditions(error: unknown): number[] | null {
  if (!(error instanceof TransactionCanceledException) && (error as { name?: string })?.name !== 'TransactionCanceledException') {
    return null;
  }
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.flatMap((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? [index] : []));
}

/** True when a transaction lost to a concurrent one (no condition failed): safe to re-read and retry. */
export function isTransactionConflict(error: unknown): boolean {
  const failed = failedConditions(error);
  if (failed === null || failed.length > 0) return false;
  const reasons = (error as TransactionCanceledException).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'TransactionConflict');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
