import { QueryCommand, type QueryCommandInput, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Item, TableContext } from '../data/table';
import { decodeCursor, encodeCursor, invalidCursor, type KeyRecord, type Page } from './cursor';

export interface QueryPageInput {
  /** The Query without table, limit or start key (those come from the page arguments). */
  query: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;
  /** Names the list a cursor belongs to (see cursor.ts); a cursor from another list is BAD_USER_INPUT. */
  partition: string;
  /** Key attributes of the table and of the index queried: what LastEvaluatedKey holds. */
  keyAttributes: readonly string[];
  first: number;
  after?: string | null;
  /** The argument named in a bad-cursor error. */
  afterField?: string;
}

/**
 * One page of a key-ordered list as a single Query: `first + 1` items are
 * read so that `hasNextPage` needs no second request, and each item's cursor
 * is its own key, so the page costs the same however long the list is.
 * Only for queries without a FilterExpression (which would make Limit count
 * items that are then dropped).
 */
export async function queryPage(table: TableContext, input: QueryPageInput): Promise<Page<Item>> {
  const field = input.afterField ?? 'after';
  const startKey = decodeCursor(field, input.after, input.partition);
  // A cursor holds exactly the key this list's items have: anything else was edited.
  if (startKey && !isKeyOf(startKey, input.keyAttributes)) throw invalidCursor(field);
  let result: QueryCommandOutput;
  try {
    result = await table.client.send(
      new QueryCommand({
        ...input.query,
        TableName: table.tableName,
        Limit: input.first + 1,
        ExclusiveStartKey: startKey,
      }),
    );
  } catch (error) {
    // DynamoDB refuses a start key outside the queried partition: the client's bad cursor, not our bug.
    if (startKey && (error as { name?: string }).name === 'ValidationException') throw invalidCursor(field);
    throw error;
  }
  const items = result.Items ?? [];
  return {
    items: items
      .slice(0, input.first)
      .map((item) => ({ node: item, cursor: encodeCursor(input.partition, keyOf(item, input.keyAttributes)) })),
    hasNextPage: items.length > input.first,
  };
}

function isKeyOf(key: KeyRecord, attributes: readonly string[]): boolean {
  const names = Object.keys(key);
  return names.length === attributes.length && attributes.every((name) => typeof key[name] === 'string' && key[name] !== '');
}

function keyOf(item: Item, attributes: readonly string[]): KeyRecord {
  return Object.fromEntries(attributes.map((name) => [name, item[name] as string]));
}

/** A page mapped item by item (e.g. from stored items to models). */
export function mapPage<T, U>(page: Page<T>, map: (node: T) => U): Page<U> {
  return { hasNextPage: page.hasNextPage, items: page.items.map(({ node, cursor }) => ({ node: map(node), cursor })) };
}

/** The table's global secondary indexes; each keys on `<name>pk` / `<name>sk`. */
export type IndexName = 'gsi1' | 'gsi2' | 'gsi3';

export interface IndexPageInput {
  index: IndexName;
  /** The index partition queried: `<index>pk = partitionKey`. */
  partitionKey: string;
  /** Names the list a cursor belongs to; defaults to `partitionKey` (see cursor.ts). */
  cursorPartition?: string;
  /** Ascending sort-key order; newest first (descending) when omitted. */
  forward?: boolean;
  first: number;
  after?: string | null;
}

/**
 * One page of one index partition: the list shape most repositories have.
 * Derives the key condition and the cursor's key attributes from the index
 * name, so a repository names only the index, the partition and the order.
 */
export function queryIndexPage(table: TableContext, input: IndexPageInput): Promise<Page<Item>> {
  const pk = `${input.index}pk`;
  const sk = `${input.index}sk`;
  return queryPage(table, {
    query: {
      IndexName: input.index,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': pk },
      ExpressionAttributeValues: { ':pk': input.partitionKey },
      ScanIndexForward: input.forward ?? false,
    },
    partition: input.cursorPartition ?? input.partitionKey,
    keyAttributes: ['pk', 'sk', pk, sk],
    first: input.first,
    after: input.after,
  });
}
