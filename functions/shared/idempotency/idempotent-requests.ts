import { randomUUID } from 'node:crypto';
import { ConflictError, ValidationError } from '../errors';
import type { Clock } from '../time/clock';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key';
import type { IdempotencyRepository } from './idempotency.repository';

/** How long a key is remembered after its request began. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * How long an IN_PROGRESS claim holds off a retry of the same request. Longer
 * than the GraphQL Lambda's timeout (infra GRAPHQL_TIMEOUT, 10 s; a template
 * test keeps it so): once it runs out the request that claimed is surely gone
 * (timed out, crashed), and a retry runs instead of waiting for a day.
 */
export const IDEMPOTENCY_LEASE_MS = 30_000;

/** What a CONFLICT for a running request tells the client to wait before retrying. */
const RETRY_IN_PROGRESS_AFTER_SECONDS = 1;

/**
 * The rules of a retried mutation carrying an Idempotency-Key, for one
 * caller and key (README "Retries and Idempotency-Key"): the first request
 * claims the key and runs; a later one with the same request gets CONFLICT
 * (retryable while the first still runs; "already applied" once it was);
 * with another request, BAD_USER_INPUT.
 */
export class IdempotentRequests {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims `key` for this request and returns the claim's id (only that
   * claim may mark the record applied or release it). Throws ValidationError when the key was
   * used with another request, a retryable ConflictError while the first
   * request still runs, and a ConflictError with `idempotencyKey: 'APPLIED'`
   * once it was applied (its answer is not kept: the client reads the state).
   */
  async start(callerId: string, key: string, fingerprint: string): Promise<string> {
    // A record can vanish between the lost claim and the read (released, expired): claim again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.clock.now().getTime();
      const claimId = randomUUID();
      const claim = { fingerprint, claimId, now, leaseUntil: now + IDEMPOTENCY_LEASE_MS, expiresAt: now + IDEMPOTENCY_TTL_MS };
      if (await this.records.claim(callerId, key, claim)) return claimId;
      const record = await this.records.get(callerId, key, now);
      if (!record) continue;
      if (record.fingerprint !== fingerprint) {
        throw new ValidationError(
          IDEMPOTENCY_KEY_HEADER,
          'this key was used with a different request (operation or variables) in the last 24 hours; send a new key for a new request',
        );
      }
      if (record.state === 'DONE') {
        throw new ConflictError(
          `The request with this Idempotency-Key was already applied at ${record.appliedAt}; its answer is not kept (it can hold private text or a secret): read the current state instead of retrying`,
          { idempotencyKey: 'APPLIED', appliedAt: record.appliedAt },
        );
      }
      if (record.leaseUntil >= now) {
        throw new ConflictError('A request with this Idempotency-Key is still running; retry it shortly to learn whether it was applied', {
          retryAfterSeconds: RETRY_IN_PROGRESS_AFTER_SECONDS,
        });
      }
      // An abandoned claim of the same request: the next claim takes it over.
    }
    throw new ConflictError('The request with this Idempotency-Key kept changing; retry it', {
      retryAfterSeconds: RETRY_IN_PROGRESS_AFTER_SECONDS,
    });
  }

  /** Records that the request that ran was applied, for its retries; false when the claim was lost meanwhile (nothing recorded). */
  applied(callerId: string, key: string, claimId: string): Promise<boolean> {
    return this.records.complete(callerId, key, claimId, this.clock.now().toISOString());
  }

  /** Forgets the claim of a request that was not applied (its mutation failed): a retry runs the operation again. */
  release(callerId: string, key: string, claimId: string): Promise<void> {
    return this.records.release(callerId, key, claimId);
  }
}
