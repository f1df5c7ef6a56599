import { queryKeyPage } from '../shared/data/query-all';
import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { ReconnectSession } from '../sessions/session.model';
import type { SessionRepository } from '../sessions/session.repository';
import type { Item, TableContext } from '../shared/data/table';

/**
 * One page of `byDue` entries, typed: the couples or sessions they belong
 * to (the index projects every attribute, so no second read), earliest first.
 */
export interface DuePage<T> {
  entries: { value: T; pk: string }[];
  /** Where the next page starts; absent on the last page. */
  next?: Record<string, unknown>;
}

/**
 * Reads the sparse `byDue` index (functions/reconnect/due-index.ts defines
 * its partitions and who carries an entry) for the sweep. Entries leave the
 * index through their own items' repositories, in the transaction that
 * handles them.
 */
export class DueIndexRepository {
  constructor(
    private readonly table: TableContext,
    private readonly coupleItems: CoupleRepository,
    private readonly sessionItems: SessionRepository,
  ) {}

  /**
   * Couples due for a RECONNECT_DUE reminder at or before `now` (a DUE
   * shard), or whose pause ended by then (a RESUME shard): `shard` is one of
   * `allShards(DUE_PARTITION)` (shared/data/due-shards.ts).
   */
  async couples(shard: string, now: Date, limit: number, startKey?: Record<string, unknown>): Promise<DuePage<Couple>> {
    const { items, next } = await this.query(shard, now, limit, startKey);
    return { entries: items.map((item) => ({ value: this.coupleItems.fromIndexEntry(item), pk: String(item.pk) })), next };
  }

  /** SCHEDULED sessions whose SESSION_UPCOMING reminder is due at or before `now`, in one UPCOMING shard. */
  async upcomingSessions(shard: string, now: Date, limit: number, startKey?: Record<string, unknown>): Promise<DuePage<ReconnectSession>> {
    const { items, next } = await this.query(shard, now, limit, startKey);
    return { entries: items.map((item) => ({ value: this.sessionItems.fromIndexEntry(item), pk: String(item.pk) })), next };
  }

  /** One page of the entries of one shard due at or before `now`, earliest first: one Query, never a Scan. */
  private async query(
    partition: string,
    now: Date,
    limit: number,
    startKey?: Record<string, unknown>,
  ): Promise<{ items: Item[]; next?: Record<string, unknown> }> {
    return queryKeyPage(
      this.table,
      {
        IndexName: 'byDue',
        KeyConditionExpression: 'duePk = :partition AND dueAt <= :now',
        ExpressionAttributeValues: { ':partition': partition, ':now': now.toISOString() },
        ScanIndexForward: true,
      },
      limit,
      startKey,
    );
  }
}
