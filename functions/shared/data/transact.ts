import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { failedConditions, isTransactionConflict, type TableContext } from './table';

/** One action of a TransactWriteItems request, and what it means when its condition fails. */
export interface LabelledAction<Outcome extends string> {
  action: object;
  onFailure: Outcome;
}

/**
 * Runs one transaction (all actions or none) and names why it was refused:
 * the `onFailure` of the first action whose condition failed, or 'retry'
 * when it lost a race to a concurrent transaction without any condition
 * failing (the caller re-reads and decides again). Other errors are thrown.
 */
export async function transactWrite<Outcome extends string>(
  table: TableContext,
  actions: readonly LabelledAction<Outcome>[],
): Promise<Outcome | 'retry' | 'ok'> {
  try {
    await table.client.send(new TransactWriteCommand({ TransactItems: actions.map((a) => a.action) as never }));
    return 'ok';
  } catch (error) {
    if (isTransactionConflict(error)) return 'retry';
    const first = failedConditions(error)?.[0];
    if (first === undefined) throw error;
    return actions[first]?.onFailure ?? 'retry';
  }
}
