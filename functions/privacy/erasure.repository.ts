import { createHash } from 'node:crypto';
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { queryKeyPage } from '../shared/data/query-all';
import type { Item, Key, TableContext } from '../shared/data/table';
import { Transaction, type LabelledAction } from '../shared/data/transaction';
import type { ErasureRecord, PendingErasure } from './privacy.model';

/*
 * Items of this domain:
 * - erasure marker: pk = ERASURE#<sha256(sub)>, sk = ERASURE
 *   status PENDING (with personId, so a re-run knows whom to erase, and
 *   username, the sign-in identity the last step deletes, and opaqueId,
 *   what replaces the person's id in records that stay: couples, sessions,
 *   grants, reminders, access log) or DONE (all three removed: the key is a
 *   hash of the sub, and a kept opaque id would link the anonymised records
 *   back to whoever knows the sub), startedAt, finishedAt. The key is a
 *   hash, never the sub: the marker outlives the
 *   erasure (an old token is refused with it; a restore from backup is
 *   re-erased from it) and must not hold the id it erased.
 * - pending entry: pk = ERASURES#PENDING, sk = <startedAt>#<sha256(sub)>
 *   one per PENDING marker, written with it and deleted in the transaction
 *   that makes it DONE: the erasure sweep finds abandoned erasures with one
 *   Query (oldest first) instead of a Scan. It holds the hash, never the
 *   sub. One partition for all of them: erasures are rare (a handful a day
 *   at most) and each entry lives minutes, so the partition stays tiny and
 *   far below any partition limit.
 */

const PENDING_PK = 'ERASURES#PENDING';

/** sha256 of the sub: what the marker and the pending entry are keyed by. */
export function erasureHash(personId: string): string {
  return createHash('sha256').update(personId, 'utf8').digest('hex');
}

function markerKey(hash: string): Key {
  return { pk: `ERASURE#${hash}`, sk: 'ERASURE' };
}

/** Key of a person's erasure marker. */
export function erasureKey(personId: string): Key {
  return markerKey(erasureHash(personId));
}

function pendingKey(startedAt: string, hash: string): Key {
  return { pk: PENDING_PK, sk: `${startedAt}#${hash}` };
}

function toRecord(item: Item): ErasureRecord {
  return {
    status: item.status as ErasureRecord['status'],
    opaqueId: typeof item.opaqueId === 'string' ? item.opaqueId : null,
    startedAt: String(item.startedAt),
    finishedAt: (item.finishedAt as string | undefined) ?? null,
    personId: (item.personId as string | undefined) ?? null,
    username: (item.username as string | undefined) ?? null,
  };
}

/** Data access for erasure markers and their pending entries. */
export class ErasureRepository {
  constructor(private readonly table: TableContext) {}

  /** The person's marker (strongly consistent: a request right after the erasure began must see it). */
  async get(personId: string): Promise<ErasureRecord | null> {
    return this.getByHash(erasureHash(personId));
  }

  private async getByHash(hash: string): Promise<ErasureRecord | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: markerKey(hash), ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : null;
  }

  /**
   * Writes the PENDING marker and its pending entry (the erasure sweep's way
   * to find it) in ONE transaction with `alongside` (other domains' actions
   * that must happen at the same instant: the partner-list rewrites), unless
   * a marker exists. `username` is the sign-in identity the erasure deletes
   * last. Returns the stored marker, also when a racing erasure of the same
   * person wrote it first (both then share one marker and one opaque id);
   * 'retry' when an `alongside` action was refused or the transaction lost a
   * race (the caller re-reads and tries again).
   */
  async start(
    personId: string,
    username: string,
    opaqueId: string,
    at: string,
    alongside: readonly LabelledAction<string>[] = [],
  ): Promise<ErasureRecord | 'retry'> {
    const hash = erasureHash(personId);
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: { ...markerKey(hash), type: 'ErasureMarker', status: 'PENDING', personId, username, opaqueId, startedAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'erasure-started',
      })
      .add({
        action: { Put: { TableName: this.table.tableName, Item: { ...pendingKey(at, hash), type: 'PendingErasure' } } },
        onFailure: 'retry',
      })
      .add(...alongside)
      .commit();
    if (outcome !== 'ok' && outcome !== 'erasure-started') return 'retry';
    const stored = await this.get(personId);
    if (!stored) throw new Error('Erasure marker vanished after it was written');
    return stored;
  }

  /**
   * Marks the erasure DONE, drops the person's id, user name and opaque id
   * from the marker and deletes its pending entry, in one transaction. Harmless when
   * it is DONE already (a racing run finished it first). 'retry': it lost a
   * race to a concurrent run (a second deleteMyAccount, the sweep) and wrote
   * nothing; running it again finds the erasure DONE or finishes it.
   */
  async finish(personId: string, marker: Pick<ErasureRecord, 'startedAt'>, at: string): Promise<'ok' | 'retry'> {
    const hash = erasureHash(personId);
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Update: {
            TableName: this.table.tableName,
            Key: markerKey(hash),
            UpdateExpression: 'SET #status = :done, finishedAt = :at REMOVE personId, username, opaqueId',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':done': 'DONE', ':pending': 'PENDING', ':at': at },
          },
        },
        onFailure: 'not-pending',
      })
      .add({ action: { Delete: { TableName: this.table.tableName, Key: pendingKey(marker.startedAt, hash) } }, onFailure: 'retry' })
      .commit();
    return outcome === 'retry' ? 'retry' : 'ok';
  }

  /**
   * One page of PENDING erasures started before `startedBefore`, oldest
   * first (one Query on the pending partition). `after` is the previous
   * page's `next`.
   */
  async pendingPage(
    startedBefore: string,
    limit: number,
    after?: Record<string, unknown>,
  ): Promise<{ erasures: PendingErasure[]; next?: Record<string, unknown> }> {
    const { items, next } = await queryKeyPage(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk AND sk < :before',
        ExpressionAttributeValues: { ':pk': PENDING_PK, ':before': startedBefore },
        ConsistentRead: true,
      },
      limit,
      after,
    );
    const erasures = items.map((item) => {
      const sk = String(item.sk);
      const split = sk.lastIndexOf('#');
      return { startedAt: sk.slice(0, split), hash: sk.slice(split + 1) };
    });
    return { erasures, next };
  }

  /**
   * The marker behind a pending entry. An entry whose marker is missing or
   * DONE (impossible through `finish`, which deletes both at once; possible
   * after a partial restore) is deleted here and answers null.
   */
  async markerOf(entry: PendingErasure): Promise<ErasureRecord | null> {
    const marker = await this.getByHash(entry.hash);
    if (marker?.status === 'PENDING' && marker.personId) return marker;
    await this.table.client.send(new DeleteCommand({ TableName: this.table.tableName, Key: pendingKey(entry.startedAt, entry.hash) }));
    return null;
  }
}
