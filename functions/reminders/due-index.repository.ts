import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import { type DUE_PARTITION, type RESUME_PARTITION, UPCOMING_PARTITION, type DuePartition } from '../reconnect/due-index';
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

  /** Couples due for a RECONNECT_DUE reminder at or before `now` (DUE), or whose pause ended by then (RESUME). */
  async couples(
    partition: typeof DUE_PARTITION | typeof RESUME_PARTITION,
    now: Date,
    limit: number,
    startKey?: Record<string, unknown>,
  ): Promise<DuePage<Couple>> {
    const { items, next } = await this.query(partition, now, limit, startKey);
    return { entries: items.map((item) => ({ value: this.coupleItems.fromIndexEntry(item), pk: String(item.pk) })), next };
  }

  /** SCHEDULED sessions whose SESSION_UPCOMING reminder is due at or before `now` (UPCOMING). */
  async upcomingSessions(now: Date, limit: number, startKey?: Record<string, unknown>): Promise<DuePage<ReconnectSession>> {
    const { items, next } = await this.query(UPCOMING_PARTITION, now, limit, startKey);
    return { entries: items.map((item) => ({ value: this.sessionItems.fromIndexEntry(item), pk: String(item.pk) })), next };
  }

  /** One page of the entries of `partition` due at or before `now`, earliest first: one Query, never a Scan. */
  private async query(
    partition: DuePartition,
    now: Date,
    limit: number,
    startKey?: Record<string, unknown>,
  ): Promise<{ items: Item[]; next?: Record<string, unknown> }> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'byDue',
        KeyConditionExpression: 'duePk = :partition AND dueAt <= :now',
        ExpressionAttributeValues: { ':partition': partition, ':now': now.toISOString() },
        ScanIndexForward: true,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return { items: result.Items ?? [], next: result.LastEvaluatedKey };
  }
}
