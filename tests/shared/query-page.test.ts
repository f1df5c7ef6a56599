import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import type { TableContext } from '../../functions/shared/data/table';
import { ValidationError } from '../../functions/shared/errors';
import { encodeCursor } from '../../functions/shared/pagination/cursor';
import { queryPage } from '../../functions/shared/pagination/query-page';
import { createTestTable, type TestTable } from '../support/test-table';

describe('queryPage', () => {
  let testTable: TestTable;
  let table: TableContext;
  const list = (pk: string) => ({
    query: { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ScanIndexForward: false },
    partition: 'LIST',
    keyAttributes: ['pk', 'sk'],
  });

  beforeAll(async () => {
    testTable = await createTestTable('query-page');
    table = { client: createDocumentClient({ region: 'us-east-1', endpoint: testTable.endpoint }), tableName: testTable.tableName };
    const items = ['A', 'B'].flatMap((pk) => [1, 2, 3].map((n) => ({ pk, sk: `ITEM#${n}` })));
    await table.client.send(
      new BatchWriteCommand({ RequestItems: { [table.tableName]: items.map((Item) => ({ PutRequest: { Item } })) } }),
    );
  });
  afterAll(async () => {
    table.client.destroy();
    await testTable.drop();
  });

  it('pages through a partition, each item once, newest first', async () => {
    // act
    const first = await queryPage(table, { ...list('A'), first: 2 });
    const second = await queryPage(table, { ...list('A'), first: 2, after: first.items.at(-1)?.cursor });

    // assert
    expect(first.items.map((i) => i.node.sk)).toEqual(['ITEM#3', 'ITEM#2']);
    expect(first.hasNextPage).toBe(true);
    expect(second.items.map((i) => i.node.sk)).toEqual(['ITEM#1']);
    expect(second.hasNextPage).toBe(false);
  });

  it.each([
    ['a key of another partition', { pk: 'B', sk: 'ITEM#2' }],
    ['a key with extra attributes', { pk: 'A', sk: 'ITEM#2', gsi1pk: 'X' }],
    ['a key missing its sort key', { pk: 'A' }],
  ])('refuses an edited cursor holding %s with BAD_USER_INPUT on after', async (_label, key) => {
    // prepare
    const forged = encodeCursor('LIST', key);

    // act
    const attempt = queryPage(table, { ...list('A'), first: 2, after: forged });

    // assert
    await expect(attempt).rejects.toThrow(ValidationError);
    await expect(attempt).rejects.toThrow('after: must be a cursor returned by this list');
  });
});
