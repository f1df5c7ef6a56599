import { randomBytes } from 'node:crypto';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION } from '../../functions/shared/data/table-definition';
import { createLocalDynamoDbClient } from '../../local/dynamodb/client';
import { ensureTable } from '../../local/dynamodb/ensure-table';
import { HARNESS_ENV, harnessEnv } from '../support/harness-env';

describe('ensureTable (against the shared DynamoDB Local)', () => {
  let client: DynamoDBClient;
  const created: string[] = [];

  const uniqueName = (label: string): string => {
    const name = `ensure-${label}-${randomBytes(4).toString('hex')}`;
    created.push(name);
    return name;
  };
  const describe_ = async (tableName: string) => (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;

  beforeAll(() => {
    client = createLocalDynamoDbClient(harnessEnv(HARNESS_ENV.dynamodbEndpoint));
  });

  afterAll(async () => {
    for (const tableName of created) {
      await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    }
    client.destroy();
  });

  it('creates the table with the keys, every GSI and TTL of TABLE_DEFINITION', async () => {
    // prepare
    const tableName = uniqueName('create');

    // act
    const result = await ensureTable(client, tableName);

    // assert
    expect(result).toEqual({ created: true, addedIndexes: [], enabledTtl: true });
    const table = await describe_(tableName);
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    const indexes = (table?.GlobalSecondaryIndexes ?? []).map((index) => ({
      indexName: index.IndexName,
      partitionKey: index.KeySchema?.find((k) => k.KeyType === 'HASH')?.AttributeName,
      sortKey: index.KeySchema?.find((k) => k.KeyType === 'RANGE')?.AttributeName,
      projection: index.Projection?.ProjectionType,
    }));
    expect(indexes).toEqual(
      expect.arrayContaining(TABLE_DEFINITION.globalSecondaryIndexes.map((index) => ({ ...index, projection: 'ALL' }))),
    );
    expect(indexes).toHaveLength(TABLE_DEFINITION.globalSecondaryIndexes.length);
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
  });

  it('changes nothing when run a second time', async () => {
    // prepare
    const tableName = uniqueName('twice');
    await ensureTable(client, tableName);
    const before = await describe_(tableName);

    // act
    const result = await ensureTable(client, tableName);

    // assert
    expect(result).toEqual({ created: false, addedIndexes: [], enabledTtl: false });
    const after = await describe_(tableName);
    expect(after?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(
      before?.GlobalSecondaryIndexes?.map((index) => index.IndexName),
    );
    expect(after?.CreationDateTime).toEqual(before?.CreationDateTime);
  });

  it('adds the GSIs an existing table lacks and keeps its items', async () => {
    // prepare: an "old" table with gsi1 only, holding one pending-reminder item
    const tableName = uniqueName('upgrade');
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: ['pk', 'sk', 'gsi1pk', 'gsi1sk'].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'gsi1',
            KeySchema: [
              { AttributeName: 'gsi1pk', KeyType: 'HASH' },
              { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    await client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'COUPLE#c1' }, sk: { S: 'COUPLE' }, duePk: { S: 'DUE' }, dueAt: { S: '2026-12-10T19:00:00Z' } },
      }),
    );

    // act
    const result = await ensureTable(client, tableName);

    // assert
    expect(result).toEqual({ created: false, addedIndexes: ['gsi2', 'byDue'], enabledTtl: true });
    const table = await describe_(tableName);
    expect(table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(['byDue', 'gsi1', 'gsi2']);
    expect(table?.GlobalSecondaryIndexes?.every((index) => index.IndexStatus === 'ACTIVE')).toBe(true);
    const due = await client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'byDue',
        KeyConditionExpression: 'duePk = :due',
        ExpressionAttributeValues: { ':due': { S: 'DUE' } },
      }),
    );
    expect(due.Items?.map((item) => item.pk?.S)).toEqual(['COUPLE#c1']);
  });

  it('refuses a table whose primary key differs from TABLE_DEFINITION', async () => {
    // prepare
    const tableName = uniqueName('wrongkey');
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      }),
    );

    // act
    const attempt = ensureTable(client, tableName);

    // assert
    await expect(attempt).rejects.toThrow(/key \(id, undefined\) but TABLE_DEFINITION wants \(pk, sk\)/);
  });
});
