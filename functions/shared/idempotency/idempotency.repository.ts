import { createHash } from 'node:crypto';
import { deletePartition } from '../data/delete-partition';
import { conditionalDelete, conditionalUpdate, getConsistent, type Key, type TableContext } from '../data/table';

/**
 * One remembered request of one caller under one Idempotency-Key: IN_PROGRESS
 * while its operation runs (until `leaseUntil`), then DONE once its mutation
 * was applied, with when. No answer is kept: an answer can hold what people
 * wrote, a partner's name or a signing secret, and a copy of it would outlive
 * an erasure, a deleted reflection or a revoked grant (README "Retries and
 * Idempotency-Key").
 */
export type IdempotencyRecord =
  | { state: 'IN_PROGRESS'; fingerprint: string; claimId: string; leaseUntil: number }
  | { state: 'DONE'; fingerprint: string; appliedAt: string };

/** A claim's facts: what the request is, who claims it, and until when. */
export interface IdempotencyClaim {
  fingerprint: string;
  /** This request's own id: only it may complete or release the record. */
  claimId: string;
  /** Now, in epoch milliseconds. */
  now: number;
  /** Epoch milliseconds after which another request with the same fingerprint may take the claim over. */
  leaseUntil: number;
  /** Epoch milliseconds when the record stops counting (and DynamoDB TTL removes it). */
  expiresAt: number;
}

function hash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/**
 * The caller's partition: a hash of the sub, never the sub. The record is
 * claimed after the erasure check, but a request already past it when the
 * erasure starts could still write one; it must not bring the sub back.
 */
function callerPartition(callerId: string): string {
  return `IDEMPOTENCY#${hash(callerId)}`;
}

/**
 * Key of one caller's record for one Idempotency-Key
 * (`pk = IDEMPOTENCY#<sha256(sub)>`, `sk = KEY#<sha256(key)>`). The key is
 * hashed too: it is the client's string, and may be made of anything.
 */
export function idempotencyKey(callerId: string, key: string): Key {
  return { pk: callerPartition(callerId), sk: `KEY#${hash(key)}` };
}

/**
 * Idempotency records (README "Retries and Idempotency-Key"). Every write is
 * conditional, so requests racing on one key across Lambda containers agree
 * on exactly one that runs; `ttl` (the table's TTL attribute, epoch seconds)
 * removes a record a day after its claim, and reads ignore an expired record
 * that TTL has not removed yet.
 */
export class IdempotencyRepository {
  constructor(private readonly table: TableContext) {}

  /**
   * Claims the key for one request: true when this request may run. It wins
   * over no record, an expired one, or an IN_PROGRESS record of the same
   * request whose lease ran out (its Lambda is gone).
   */
  async claim(callerId: string, key: string, claim: IdempotencyClaim): Promise<boolean> {
    const { applied } = await conditionalUpdate(this.table, {
      Key: idempotencyKey(callerId, key),
      UpdateExpression:
        'SET #state = :inProgress, fingerprint = :fingerprint, claimId = :claimId, leaseUntil = :leaseUntil, #ttl = :ttl REMOVE appliedAt',
      ConditionExpression:
        'attribute_not_exists(pk) OR #ttl <= :nowSeconds OR (#state = :inProgress AND leaseUntil < :now AND fingerprint = :fingerprint)',
      ExpressionAttributeNames: { '#state': 'state', '#ttl': 'ttl' },
      ExpressionAttributeValues: {
        ':inProgress': 'IN_PROGRESS',
        ':fingerprint': claim.fingerprint,
        ':claimId': claim.claimId,
        ':leaseUntil': claim.leaseUntil,
        ':ttl': Math.ceil(claim.expiresAt / 1000),
        ':now': claim.now,
        ':nowSeconds': Math.floor(claim.now / 1000),
      },
    });
    return applied;
  }

  /** The record as stored now (strongly consistent), or null when there is none or it expired at `now`. */
  async get(callerId: string, key: string, now: number): Promise<IdempotencyRecord | null> {
    const item = await getConsistent(this.table, idempotencyKey(callerId, key));
    if (!item || Number(item.ttl) * 1000 <= now) return null;
    const fingerprint = String(item.fingerprint);
    if (item.state === 'DONE') return { state: 'DONE', fingerprint, appliedAt: String(item.appliedAt) };
    return { state: 'IN_PROGRESS', fingerprint, claimId: String(item.claimId), leaseUntil: Number(item.leaseUntil) };
  }

  /**
   * Records that the request holding the claim was applied. False when it no
   * longer holds it (erasure deleted the record, or the lease ran out and
   * another request took over): then nothing is written.
   */
  async complete(callerId: string, key: string, claimId: string, appliedAt: string): Promise<boolean> {
    const { applied } = await conditionalUpdate(this.table, {
      Key: idempotencyKey(callerId, key),
      UpdateExpression: 'SET #state = :done, appliedAt = :appliedAt REMOVE leaseUntil, claimId',
      ConditionExpression: '#state = :inProgress AND claimId = :claimId',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':done': 'DONE',
        ':inProgress': 'IN_PROGRESS',
        ':claimId': claimId,
        ':appliedAt': appliedAt,
      },
    });
    return applied;
  }

  /** Deletes the claim of a request that was not applied, so that a retry runs again; nothing if another request holds it. */
  async release(callerId: string, key: string, claimId: string): Promise<void> {
    await conditionalDelete(this.table, {
      Key: idempotencyKey(callerId, key),
      ConditionExpression: '#state = :inProgress AND claimId = :claimId',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS', ':claimId': claimId },
    });
  }

  /** Erasure: deletes every record of the caller (they hold hashes only, but are the caller's). */
  async forget(callerId: string): Promise<void> {
    await deletePartition(this.table, callerPartition(callerId));
  }
}
