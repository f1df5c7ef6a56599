import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Item, TableContext } from './table';

/**
 * Every item a Query matches, following LastEvaluatedKey page by page. Only
 * for queries whose result is bounded by design (a reflection's revisions,
 * a range of daily roll-ups): one request per 1 MB read.
 */
export async function queryAll(table: TableContext, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const result = await table.client.send(new QueryCommand({ ...input, TableName: table.tableName, ExclusiveStartKey: startKey }));
    items.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** One page of a Query: its items and, when there are more, the key to pass as `after` for the next. */
export interface KeyPage {
  items: Item[];
  next?: Record<string, unknown>;
}

/**
 * One page of a Query (at most `limit` items) from `after`, the previous
 * page's `next`: for the internal walks (erasure, sweeps, export) that pass
 * DynamoDB's own start key along instead of a client's cursor (for those,
 * pagination/query-page.ts).
 */
export async function queryKeyPage(
  table: TableContext,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  limit: number,
  after?: Record<string, unknown>,
): Promise<KeyPage> {
  const result = await table.client.send(
    new QueryCommand({ ...input, TableName: table.tableName, Limit: limit, ExclusiveStartKey: after }),
  );
  return { items: result.Items ?? [], ...(result.LastEvaluatedKey ? { next: result.LastEvaluatedKey } : {}) };
}
