import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { conditionalUpdate, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction, type LabelledAction } from '../shared/data/transaction';
import type { ErasureRecord } from './privacy.model';

/*
 * Item of this domain:
 * - erasure marker: pk = ERASURE#<sha256(sub)>, sk = ERASURE
 *   status PENDING (with personId, so a re-run knows whom to erase, and
 *   opaqueId, what replaces the person's id in records that stay: couples,
 *   sessions, grants, reminders, access log) or DONE (both removed: the key
 *   is a hash of the sub, and a kept opaque id would link the anonymised
 *   records back to whoever knows the sub), startedAt, finishedAt. The key is a hash, never the sub: the marker outlives the
 *   erasure (an old token is refused with it; a restore from backup is
 *   re-erased from it) and must not hold the id it erased.
 */

/** Key of a person's erasure marker. */
export function erasureKey(personId: string): Key {
  return { pk: `ERASURE#${createHash('sha256').update(personId, 'utf8').digest('hex')}`, sk: 'ERASURE' };
}

function toRecord(item: Item): ErasureRecord {
  return {
    status: item.status as ErasureRecord['status'],
    opaqueId: typeof item.opaqueId === 'string' ? item.opaqueId : null,
    startedAt: String(item.startedAt),
    finishedAt: (item.finishedAt as string | undefined) ?? null,
  };
}

/** Data access for erasure markers. */
export class ErasureRepository {
  constructor(private readonly table: TableContext) {}

  /** The person's marker (strongly consistent: a request right after the erasure began must see it). */
  async get(personId: string): Promise<ErasureRecord | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: erasureKey(personId), ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : null;
  }

  /**
   * Writes the PENDING marker in ONE transaction with `alongside` (other
   * domains' actions that must happen at the same instant: the partner-list
   * rewrites), unless a marker exists. Returns the stored marker, also when a
   * racing erasure of the same person wrote it first (both then share one
   * marker and one opaque id); 'retry' when an `alongside` action was refused
   * or the transaction lost a race (the caller re-reads and tries again).
   */
  async start(
    personId: string,
    opaqueId: string,
    at: string,
    alongside: readonly LabelledAction<string>[] = [],
  ): Promise<ErasureRecord | 'retry'> {
    const outcome = await new Transaction(this.table)
      .add({
        action: {
          Put: {
            TableName: this.table.tableName,
            Item: { ...erasureKey(personId), type: 'ErasureMarker', status: 'PENDING', personId, opaqueId, startedAt: at },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'erasure-started',
      })
      .add(...alongside)
      .commit();
    if (outcome !== 'ok' && outcome !== 'erasure-started') return 'retry';
    const stored = await this.get(personId);
    if (!stored) throw new Error('Erasure marker vanished after it was written');
    return stored;
  }

  /** Marks the erasure DONE and drops the person's id and the opaque id from the marker. */
  async finish(personId: string, at: string): Promise<void> {
    await conditionalUpdate(this.table, {
      Key: erasureKey(personId),
      UpdateExpression: 'SET #status = :done, finishedAt = :at REMOVE personId, opaqueId',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':done': 'DONE', ':pending': 'PENDING', ':at': at },
    });
  }
}
