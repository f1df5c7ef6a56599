import { jitteredPause, retryLostRaces } from '../shared/data/retry';

/**
 * Attempts of a webhook write that keeps losing races before CONFLICT. All
 * creates and deletes of an owner's webhooks meet on its WebhookCount item,
 * so both partners (or a client sending twice) at once make one of them
 * lose: DynamoDB cancels it with TransactionConflict, and nothing of it is
 * written.
 */
const MAX_WRITE_ATTEMPTS = 5;

/**
 * Runs a webhook repository write again while it reports a lost race
 * ('retry': nothing was written, so running it again is safe) and ends in
 * ConflictError (CONFLICT, "retry") if every attempt loses; never a plain
 * Error, which the API would mask as INTERNAL_SERVER_ERROR.
 *
 * @param what the write, for the CONFLICT message ("Creating the webhook")
 */
export function retryLostWrite<T>(what: string, write: () => Promise<T | 'retry'>): Promise<T> {
  return retryLostRaces<T, 'retry'>(
    {
      lost: ['retry'],
      attempts: MAX_WRITE_ATTEMPTS,
      conflictMessage: `${what} kept meeting concurrent changes; retry`,
      pauseMs: jitteredPause,
    },
    write,
  );
}
