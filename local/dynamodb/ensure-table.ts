import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type AttributeDefinition,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { KEY_ATTRIBUTE_TYPE, TABLE_DEFINITION } from '../../functions/shared/data/table-definition';

/** What {@link ensureTable} changed; all empty/false on a second run. */
export interface EnsureTableResult {
  created: boolean;
  /** Indexes added to an existing table, in TABLE_DEFINITION order. */
  addedIndexes: string[];
  /** True when this call switched TTL on. */
  enabledTtl: boolean;
}

/** Polling knobs; the defaults suit DynamoDB Local, where changes are near-instant. */
export interface EnsureTableOptions {
  pollIntervalMs?: number;
  timeoutMs?: number;
}

type IndexDefinition = (typeof TABLE_DEFINITION.globalSecondaryIndexes)[number];

/**
 * Makes `tableName` match TABLE_DEFINITION (the same object the CDK stack
 * builds the cloud table from): creates it on-demand with every GSI, or adds
 * the GSIs an older local table lacks, then switches TTL on. Idempotent, so
 * `npm start` and every test file can call it unconditionally, and a local
 * table created before a new index was designed keeps its data.
 *
 * @throws Error when an existing table has a different primary key (it
 *   cannot be altered in place: delete `.data/dynamodb` or the table)
 */
export async function ensureTable(client: DynamoDBClient, tableName: string, options: EnsureTableOptions = {}): Promise<EnsureTableResult> {
  const result: EnsureTableResult = { created: false, addedIndexes: [], enabledTtl: false };
  let table = await describeTable(client, tableName);

  if (!table) {
    result.created = await createTable(client, tableName);
    table = await waitForActive(client, tableName, options);
  } else {
    assertSamePrimaryKey(table, tableName);
  }

  const existing = new Set((table.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  // One index per UpdateTable: DynamoDB rejects several GSI creations in one call.
  for (const index of TABLE_DEFINITION.globalSecondaryIndexes) {
    if (existing.has(index.indexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: attributeDefinitions([index.partitionKey, index.sortKey]),
        GlobalSecondaryIndexUpdates: [{ Create: toGlobalSecondaryIndex(index) }],
      }),
    );
    await waitForActive(client, tableName, options);
    result.addedIndexes.push(index.indexName);
  }

  result.enabledTtl = await ensureTtl(client, tableName);
  return result;
}

async function describeTable(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if (isNamed(error, 'ResourceNotFoundException')) return undefined;
    throw error;
  }
}

/** @returns false when someone else created it concurrently (two test workers, two `npm start`). */
async function createTable(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const indexes = TABLE_DEFINITION.globalSecondaryIndexes;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions([
          TABLE_DEFINITION.partitionKey,
          TABLE_DEFINITION.sortKey,
          ...indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
        ]),
        KeySchema: keySchema(TABLE_DEFINITION.partitionKey, TABLE_DEFINITION.sortKey),
        GlobalSecondaryIndexes: indexes.map(toGlobalSecondaryIndex),
      }),
    );
    return true;
  } catch (error) {
    if (isNamed(error, 'ResourceInUseException')) return false;
    throw error;
  }
}

async function ensureTtl(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const wanted = TABLE_DEFINITION.timeToLiveAttribute;
  const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = ttl?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') {
    if (ttl?.AttributeName === wanted) return false;
    throw new Error(`Table ${tableName} has TTL on "${ttl?.AttributeName}" but TABLE_DEFINITION wants "${wanted}": disable it first`);
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: wanted, Enabled: true },
    }),
  );
  return true;
}

async function waitForActive(
  client: DynamoDBClient,
  tableName: string,
  { pollIntervalMs = 50, timeoutMs = 60_000 }: EnsureTableOptions,
): Promise<TableDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const table = await describeTable(client, tableName);
    // A new GSI backfills before it can be queried: wait for the indexes too.
    const ready = table?.TableStatus === 'ACTIVE' && (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table && ready) return table;
    if (Date.now() > deadline) throw new Error(`Table ${tableName} did not become ACTIVE within ${timeoutMs} ms`);
    await sleep(pollIntervalMs);
  }
}

function assertSamePrimaryKey(table: TableDescription, tableName: string): void {
  const key = (type: 'HASH' | 'RANGE'): string | undefined => table.KeySchema?.find((element) => element.KeyType === type)?.AttributeName;
  if (key('HASH') !== TABLE_DEFINITION.partitionKey || key('RANGE') !== TABLE_DEFINITION.sortKey) {
    throw new Error(
      `Table ${tableName} has key (${key('HASH')}, ${key('RANGE')}) but TABLE_DEFINITION wants ` +
        `(${TABLE_DEFINITION.partitionKey}, ${TABLE_DEFINITION.sortKey}): delete the table (or .data/dynamodb) and restart`,
    );
  }
}

function toGlobalSecondaryIndex(index: IndexDefinition): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' },
  };
}

function keySchema(partitionKey: string, sortKey: string): KeySchemaElement[] {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' },
    { AttributeName: sortKey, KeyType: 'RANGE' },
  ];
}

function attributeDefinitions(names: string[]): AttributeDefinition[] {
  return [...new Set(names)].map((name) => ({ AttributeName: name, AttributeType: KEY_ATTRIBUTE_TYPE }));
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
