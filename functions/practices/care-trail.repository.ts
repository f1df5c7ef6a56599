import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { batchDeleteItems, type Item, type Key, type TableContext } from '../shared/data/table';

/*
 * Care trail: pk = CARE_TRAIL#<personId>, sk = COUPLE#<coupleId>#PRACTICE#<practiceId>
 * One item per practice member, couple and practice: "records of this couple
 * name this member" (access-log entries of their reads, homework they
 * assigned). Put without a condition (idempotent) in the same transaction as
 * the record that names the member, so no such record exists without its
 * trail item.
 *
 * Why it exists: erasing a member must find every couple whose records name
 * them, also after the couple's grant ended, and the caseload index forgets
 * ended grants (it is sparse: active grants only). Read only by erasure,
 * which deletes the items afterwards (the key holds the member's id).
 */

const PARTITION = 'CARE_TRAIL#';

/** One couple whose records name a practice member. */
export interface CareTrailEntry {
  personId: string;
  coupleId: string;
  practiceId: string;
}

function careTrailKey(entry: CareTrailEntry): Key {
  return { pk: `${PARTITION}${entry.personId}`, sk: `COUPLE#${entry.coupleId}#PRACTICE#${entry.practiceId}` };
}

/**
 * The transaction action recording that `entry.personId` is named in a
 * record of the couple: an unconditional Put, so writing it again (every
 * read writes it) changes nothing and can never refuse the transaction.
 */
export function careTrailPut(tableName: string, entry: CareTrailEntry): object {
  return {
    Put: {
      TableName: tableName,
      Item: { ...careTrailKey(entry), type: 'CareTrail', coupleId: entry.coupleId, practiceId: entry.practiceId },
    },
  };
}

/** Data access for care trails: read and forgotten by erasure only. */
export class CareTrailRepository {
  constructor(private readonly table: TableContext) {}

  /** A page of the member's trail (strongly consistent: erasure must not miss a read that just committed). */
  async page(
    personId: string,
    limit: number,
    after?: Record<string, unknown>,
  ): Promise<{ entries: CareTrailEntry[]; next?: Record<string, unknown> }> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `${PARTITION}${personId}` },
        ConsistentRead: true,
        Limit: limit,
        ExclusiveStartKey: after,
      }),
    );
    const entries = (result.Items ?? []).map((item: Item) => ({
      personId,
      coupleId: String(item.coupleId),
      practiceId: String(item.practiceId),
    }));
    return { entries, next: result.LastEvaluatedKey };
  }

  /** Deletes trail items (idempotent). */
  async remove(entries: readonly CareTrailEntry[]): Promise<void> {
    await batchDeleteItems(this.table, entries.map(careTrailKey));
  }
}
