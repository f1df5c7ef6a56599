import { coupleKey } from '../couples/couple-keys';
import { conditionalUpdate, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction } from '../shared/data/transaction';
import type { Page } from '../shared/pagination/cursor';
import { mapPage, queryPage } from '../shared/pagination/query-page';
import type { AccessAction, AccessLogEntry } from './practice.model';

/*
 * Access log entries: pk = COUPLE#<coupleId>, sk = ACCESS#<at>#<id>
 * (newest first is one Query of the couple's partition, read backwards).
 * Only ever Put with attribute_not_exists; the one update is erasure's
 * (replaceActor), which swaps an erased reader's id for an opaque one.
 */

const PREFIX = 'ACCESS#';

/** Key of one access-log entry. */
export function accessLogKey(coupleId: string, at: string, id: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: `${PREFIX}${at}#${id}` };
}

function toEntry(item: Item): AccessLogEntry {
  return {
    coupleId: String(item.coupleId),
    id: String(item.entryId),
    at: String(item.at),
    actorId: String(item.actorId),
    practiceId: String(item.practiceId),
    action: item.action as AccessAction,
  };
}

/** The Put of one new entry (never overwrites). */
export function accessLogPut(tableName: string, entry: AccessLogEntry) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...accessLogKey(entry.coupleId, entry.at, entry.id),
        type: 'AccessLogEntry',
        entryId: entry.id,
        coupleId: entry.coupleId,
        at: entry.at,
        actorId: entry.actorId,
        practiceId: entry.practiceId,
        action: entry.action,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Data access for the access log. */
export class AccessLogRepository {
  constructor(private readonly table: TableContext) {}

  /** The table name, for transaction actions. */
  get tableName(): string {
    return this.table.tableName;
  }

  /** A page of a couple's access log, newest first: one Query whatever its length. */
  async page(coupleId: string, first: number, after?: string | null): Promise<Page<AccessLogEntry>> {
    const page = await queryPage(this.table, {
      query: {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': coupleKey(coupleId).pk, ':prefix': PREFIX },
        ScanIndexForward: false,
      },
      partition: `ACCESS_LOG#${coupleId}`,
      keyAttributes: ['pk', 'sk'],
      first,
      after,
    });
    return mapPage(page, toEntry);
  }

  /**
   * Erasure: entries of the couple's log whose reader was `personId` keep
   * only `replacementId` (an opaque id). Pages of 100; one conditional
   * UpdateItem per such entry; idempotent.
   */
  async replaceActor(coupleId: string, personId: string, replacementId: string): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const page: Page<AccessLogEntry> = await this.page(coupleId, 100, after);
      for (const { node } of page.items) {
        if (node.actorId !== personId) continue;
        await conditionalUpdate(this.table, {
          Key: accessLogKey(node.coupleId, node.at, node.id),
          UpdateExpression: 'SET actorId = :replacement',
          ConditionExpression: 'actorId = :person',
          ExpressionAttributeValues: { ':replacement': replacementId, ':person': personId },
        });
      }
      const last = page.items.at(-1);
      if (!page.hasNextPage || !last) return;
      after = last.cursor;
    }
  }

  /**
   * Commits entries together with the checks that make them legitimate (the
   * reader is still a member, each grant still active), all or nothing.
   * Returns the indexes of the actions whose condition failed (empty: written).
   */
  async commit(actions: readonly { action: object; tag: string }[]): Promise<'ok' | 'retry' | { failed: string }> {
    const outcome = await new Transaction(this.table)
      .add(...actions.map(({ action, tag }) => ({ action, onFailure: `failed:${tag}` })))
      .commit();
    if (outcome === 'ok' || outcome === 'retry') return outcome;
    return { failed: outcome.slice('failed:'.length) };
  }
}
