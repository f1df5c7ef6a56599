import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { createDocumentClient } from '../../../functions/shared/data/dynamo-client';
import { Transaction } from '../../../functions/shared/data/transaction';
import type { TableContext } from '../../../functions/shared/data/table';
import { loseRaces, type LostRaces } from '../../support/lost-races';
import { createTestTable, type TestTable } from '../../support/test-table';

/**
 * What a refused transaction reports: a failed condition by its label, a
 * lost race as an empty list (read again and retry), and any other
 * cancellation as an error, never as a race that retries end in CONFLICT.
 */
describe('Transaction.commitReportingAll', () => {
  let table: TestTable;
  let context: TableContext;
  let races: LostRaces;
  /** The cancellation reason the next transaction gets instead of reaching DynamoDB Local. */
  let cancelWith: string | null = null;

  beforeAll(async () => {
    table = await createTestTable('transaction');
    const client = createDocumentClient({ region: 'us-east-1', endpoint: table.endpoint });
    races = loseRaces(client);
    client.middlewareStack.add(
      (next) => async (args) => {
        if (cancelWith === null) return next(args);
        const reason = cancelWith;
        cancelWith = null;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled',
          $metadata: {},
          CancellationReasons: [{ Code: reason }],
        });
      },
      { step: 'initialize', name: 'cancelWith' },
    );
    context = { client, tableName: table.tableName };
  });
  afterEach(() => races.reset());
  afterAll(() => table.drop());

  const put = (pk: string) => ({
    action: { Put: { TableName: context.tableName, Item: { pk, sk: 'X' }, ConditionExpression: 'attribute_not_exists(pk)' } },
    onFailure: 'exists' as const,
  });

  it('names the label of a failed condition', async () => {
    // prepare
    await new Transaction(context).add(put('taken')).commitReportingAll();

    // act
    const outcome = await new Transaction(context).add(put('taken')).commitReportingAll();

    // assert
    expect(outcome).toEqual({ committed: false, failed: ['exists'] });
  });

  it('reports a lost race (TransactionConflict, no condition failed) as an empty list', async () => {
    // prepare
    races.lose(1, 'raced');

    // act
    const outcome = await new Transaction(context).add(put('raced')).commitReportingAll();

    // assert
    expect(outcome).toEqual({ committed: false, failed: [] });
  });

  it('throws a cancellation for any other reason (e.g. an item too large), which retrying cannot mend', async () => {
    // prepare
    cancelWith = 'ValidationError';

    // act
    const outcome = new Transaction(context).add(put('invalid')).commitReportingAll();

    // assert
    await expect(outcome).rejects.toThrow(TransactionCanceledException);
  });
});
