import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { queryKeyPage } from '../shared/data/query-all';
import { batchDeleteItems, type Item, type Key, type TableContext } from '../shared/data/table';

/*
 * Care trail: pk = CARE_TRAIL#<personId>, and
 *   sk = COUPLE#<coupleId>#PRACTICE#<practiceId>: records of this couple name
 *        this practice member (access-log entries of their reads, homework
 *        they assigned); Put without a condition (idempotent) in the same
 *        transaction as the record, so no such record exists without it;
 *   sk = PRACTICE#<practiceId>: the member set the URL of a practice webhook
 *        (its `createdBy`); Put before the webhook is written.
 *
 * Why it exists: erasing a member must find every record naming them, also
 * after the couple's grant ended (the caseload index forgets ended grants:
 * it is sparse) and after they left the practice (erasure finds practices
 * through current memberships). Read only by erasure, which deletes the
 * items afterwards (the key holds the member's id).
 */

const PARTITION = 'CARE_TRAIL#';

/** Records that name a practice member: of one couple for the practice, or the practice's own (coupleId null). */
export interface CareTrailEntry {
  personId: string;
  practiceId: string;
  coupleId: string | null;
}

function careTrailKey(entry: CareTrailEntry): Key {
  const sk = entry.coupleId ? `COUPLE#${entry.coupleId}#PRACTICE#${entry.practiceId}` : `PRACTICE#${entry.practiceId}`;
  return { pk: `${PARTITION}${entry.personId}`, sk };
}

function careTrailItem(entry: CareTrailEntry): Item {
  return {
    ...careTrailKey(entry),
    type: 'CareTrail',
    practiceId: entry.practiceId,
    ...(entry.coupleId ? { coupleId: entry.coupleId } : {}),
  };
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
      Item: careTrailItem(entry),
    },
  };
}

/** Data access for care trails: read and forgotten by erasure only. */
export class CareTrailRepository {
  constructor(private readonly table: TableContext) {}

  /**
   * The first `limit` entries of the member's trail (strongly consistent:
   * erasure must not miss a read that just committed). Erasure deletes each
   * page once done, so the first page is always what is left: no cursor.
   */
  async firstEntries(personId: string, limit: number): Promise<CareTrailEntry[]> {
    const { items } = await queryKeyPage(
      this.table,
      { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `${PARTITION}${personId}` }, ConsistentRead: true },
      limit,
    );
    return items.map((item) => ({
      personId,
      practiceId: String(item.practiceId),
      coupleId: typeof item.coupleId === 'string' ? item.coupleId : null,
    }));
  }

  /** Records an entry on its own (idempotent), for a write that is not a transaction: before that write. */
  async record(entry: CareTrailEntry): Promise<void> {
    await this.table.client.send(new PutCommand({ TableName: this.table.tableName, Item: careTrailItem(entry) }));
  }

  /** Deletes trail items (idempotent). */
  async remove(entries: readonly CareTrailEntry[]): Promise<void> {
    await batchDeleteItems(this.table, entries.map(careTrailKey));
  }
}
