import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DUE_PARTITION, RESUME_PARTITION } from '../couples/couple.repository';
import { sessionKey, UPCOMING_PARTITION } from '../sessions/session.repository';
import type { ReconnectSession } from '../sessions/session.model';
import { sendConditionalUpdate, type Item, type TableContext } from '../shared/data/table';

/*
 * The sparse `byDue` index (duePk / dueAt), read only by the sweep:
 *
 * | duePk    | who carries it                                   | dueAt                         |
 * |----------|--------------------------------------------------|-------------------------------|
 * | DUE      | an ACTIVE, unpaused couple with a schedule       | its next reminder (nextReminderAt) |
 * | RESUME   | an ACTIVE couple with a schedule, paused         | pausedUntil                   |
 * | UPCOMING | a SCHEDULED session                              | scheduledFor - 1 h            |
 *
 * Every other item lacks the attributes, so a Query for "dueAt <= now" in a
 * partition reads exactly the entries that need work, never the rest of the
 * table. Entries leave (or move forward) in the transaction that handles
 * them, which is what makes the sweep resumable: whatever a stopped run did
 * not reach is still there, in order, for the next one.
 */
export type DuePartition = typeof DUE_PARTITION | typeof RESUME_PARTITION | typeof UPCOMING_PARTITION;

export interface DuePage {
  /** Whole items (the index projects every attribute), earliest first. */
  items: Item[];
  /** Where the next page starts; absent on the last page. */
  next?: Record<string, unknown>;
}

/** Reads and clears entries of the `byDue` index. */
export class DueIndexRepository {
  constructor(private readonly table: TableContext) {}

  /**
   * One page of the entries of one shard of a partition (`DUE`, `DUE#3`, ...:
   * shared/data/due-shards.ts) due at or before `now`, earliest first: one
   * Query, never a Scan.
   */
  async page(partition: string, now: Date, limit: number, startKey?: Record<string, unknown>): Promise<DuePage> {
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

  /**
   * A transaction action that takes a session out of UPCOMING, only while it
   * is still SCHEDULED with that entry (a session started or cancelled
   * meanwhile was rewritten without it).
   */
  clearUpcomingAction(session: Pick<ReconnectSession, 'id'>, dueAt: string) {
    return {
      Update: {
        TableName: this.table.tableName,
        Key: sessionKey(session.id),
        UpdateExpression: 'REMOVE duePk, dueAt',
        // Any UPCOMING shard: an entry written before the shard count grew sits in its old shard.
        ConditionExpression: '#status = :scheduled AND begins_with(duePk, :upcoming) AND dueAt = :dueAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':scheduled': 'SCHEDULED', ':upcoming': UPCOMING_PARTITION, ':dueAt': dueAt },
      },
    };
  }

  /** Takes a session out of UPCOMING without a reminder (it started already, or its couple is no longer ACTIVE). */
  async clearUpcoming(session: Pick<ReconnectSession, 'id'>, dueAt: string): Promise<boolean> {
    return sendConditionalUpdate(this.table, new UpdateCommand(this.clearUpcomingAction(session, dueAt).Update));
  }
}
