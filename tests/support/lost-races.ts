import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Makes chosen TransactWriteItems of a client lose a race, as DynamoDB reports one. */
export interface LostRaces {
  /** The next `times` transactions whose request mentions `fragment` (a key, an attribute, a type) lose. */
  lose(times: number, fragment: string): void;
  /** Transactions cancelled so far. */
  readonly cancelled: number;
  /** Stops losing and zeroes the count. */
  reset(): void;
}

/**
 * DynamoDB Local runs transactions one at a time and never answers
 * TransactionConflict (measured: 5 rounds of 10 racing createWebhook through
 * the handler, no cancellation), so a test cannot get a lost race from it by
 * racing requests. This middleware on the handler's own client cancels a
 * chosen TransactWriteItems before it reaches DynamoDB Local, the way the
 * cloud reports a lost race: TransactionCanceledException whose first
 * reason is TransactionConflict and no condition failed. Nothing is written.
 */
export function loseRaces(client: DynamoDBDocumentClient): LostRaces {
  let left = 0;
  let fragment = '';
  let cancelled = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const items = (args.input as { TransactItems?: unknown[] }).TransactItems ?? [];
      if (left > 0 && /TransactWrite/.test(String(context.commandName)) && JSON.stringify(items).includes(fragment)) {
        left -= 1;
        cancelled += 1;
        throw new TransactionCanceledException({
          message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
          $metadata: {},
          CancellationReasons: items.map((_, index) => ({ Code: index === 0 ? 'TransactionConflict' : 'None' })),
        });
      }
      return next(args);
    },
    { step: 'initialize', name: 'loseRaces' },
  );
  return {
    lose(times, what) {
      left = times;
      fragment = what;
    },
    get cancelled() {
      return cancelled;
    },
    reset() {
      left = 0;
      cancelled = 0;
    },
  };
}
