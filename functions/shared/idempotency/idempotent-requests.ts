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

/** How a request with a key goes on: run the operation (holding the claim), or answer what the first request got. */
export type IdempotentStart = { run: { claimId: string } } | { replay: { statusCode: number; body: string } };

/**
 * The rules of a retried mutation carrying an Idempotency-Key, for one
 * caller and key (README "Retries and Idempotency-Key"): the first request
 * claims the key and runs; a later one with the same request gets the first
 * one's answer, or CONFLICT while it still runs; with another request,
 * BAD_USER_INPUT.
 */
export class IdempotentRequests {
  constructor(
    private readonly records: IdempotencyRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Claims `key` for this request, or says what to answer instead. Throws
   * ValidationError when the key was used with another request, and a
   * retryable ConflictError while the first request still runs.
   */
  async start(callerId: string, key: string, fingerprint: string): Promise<IdempotentStart> {
    // A record can vanish between the lost claim and the read (released, expired): claim again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const now = this.clock.now().getTime();
      const claimId = randomUUID();
      const claim = { fingerprint, claimId, now, leaseUntil: now + IDEMPOTENCY_LEASE_MS, expiresAt: now + IDEMPOTENCY_TTL_MS };
      if (await this.records.claim(callerId, key, claim)) return { run: { claimId } };
      const record = await this.records.get(callerId, key, now);
      if (!record) continue;
      if (record.fingerprint !== fingerprint) {
        throw new ValidationError(
          IDEMPOTENCY_KEY_HEADER,
          'this key was used with a different request (operation or variables) in the last 24 hours; send a new key for a new request',
        );
      }
      if (record.state === 'DONE') return { replay: { statusCode: record.statusCode, body: record.body } };
      if (record.leaseUntil >= now) {
        throw new ConflictError('A request with this Idempotency-Key is still running; retry it shortly to get its answer', {
          retryAfterSeconds: RETRY_IN_PROGRESS_AFTER_SECONDS,
        });
      }
      // An abandoned claim of the same request: the next claim takes it over.
    }
    throw new ConflictError('The request with this Idempotency-Key kept changing; retry it', {
      retryAfterSeconds: RETRY_IN_PROGRESS_AFTER_SECONDS,
    });
  }

  /** Keeps the answer of the request that ran, for its retries; false when the claim was lost meanwhile (nothing kept). */
  keep(callerId: string, key: string, claimId: string, answer: { statusCode: number; body: string }): Promise<boolean> {
    return this.records.complete(callerId, key, claimId, answer);
  }

  /** Forgets the claim of a request whose answer is not kept (a server error): a retry runs the operation again. */
  release(callerId: string, key: string, claimId: string): Promise<void> {
    return this.records.release(callerId, key, claimId);
  }
}
