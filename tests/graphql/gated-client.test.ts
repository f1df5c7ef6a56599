import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { gateWrites } from '../../functions/graphql/gated-client';
import { createDocumentClient } from '../../functions/shared/data/dynamo-client';
import { testAppConfig } from '../support/app-config';
import { countRequests } from '../support/request-counter';
import { createTestTable, type TestTable } from '../support/test-table';

/** A gate the test opens or closes by hand. */
function handGate(): { admitted: () => Promise<void>; admit(): void; refuse(error: Error): void } {
  let admit!: () => void;
  let refuse!: (error: Error) => void;
  const decided = new Promise<void>((resolve, reject) => {
    admit = resolve;
    refuse = reject;
  });
  decided.catch(() => undefined);
  return { admitted: () => decided, admit, refuse };
}

describe('gateWrites: a request reads at once and writes only once admitted', () => {
  let table: TestTable;
  let client: DynamoDBDocumentClient;
  beforeAll(async () => {
    table = await createTestTable('gated-client');
    const config = testAppConfig(table);
    client = createDocumentClient({ region: config.region, endpoint: config.dynamodbEndpoint });
  });
  afterAll(async () => {
    client.destroy();
    await table.drop();
  });

  const item = (pk: string) => ({ pk, sk: 'GATE', type: 'GateTest' });
  const read = (pk: string) => client.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk: 'GATE' }, ConsistentRead: true }));

  it('sends reads while admission is pending and holds writes until it is granted', async () => {
    // prepare
    const gate = handGate();
    const gated = gateWrites(client, gate.admitted);
    const requests = countRequests(client);

    // act
    const reading = await gated.send(new GetCommand({ TableName: table.tableName, Key: { pk: 'held', sk: 'GATE' } }));
    const writing = gated.send(new PutCommand({ TableName: table.tableName, Item: item('held') }));
    await new Promise((done) => setTimeout(done, 100));
    const beforeAdmission = { ...requests.byCommand };
    gate.admit();
    await writing;

    // assert
    expect(reading.Item).toBeUndefined();
    expect(beforeAdmission).toEqual({ GetItemCommand: 1 });
    expect((await read('held')).Item).toEqual(item('held'));
  });

  it('never sends a write of a refused caller', async () => {
    // prepare
    const gate = handGate();
    const gated = gateWrites(client, gate.admitted);

    // act
    const writing = gated.send(new PutCommand({ TableName: table.tableName, Item: item('refused') }));
    gate.refuse(new Error('refused'));

    // assert
    await expect(writing).rejects.toThrow('refused');
    expect((await read('refused')).Item).toBeUndefined();
  });
});
