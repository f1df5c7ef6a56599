import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { coupleKey } from '../couples/couple-keys';
import { createItemLoader } from '../shared/data/item-loader';
import { conditionalUpdate, type Item, type Key, type TableContext } from '../shared/data/table';
import type { CareWatch } from './practice.model';

/*
 * Care watch, one per couple with (or lately with) an active grant:
 * pk = COUPLE#<coupleId>, sk = CARE_WATCH
 *   rev:        bumped by every evaluation (evaluations of one couple are serialized by it)
 *   driftRisk:  the level last evaluated (a rise to HIGH alerts the care team once)
 *   health:     the metrics of that evaluation and the local date they are for
 *               (a caseload page reads twenty couples' health in one BatchGetItem)
 *   duePk = CARE, dueAt = the next instant time alone may change a signal
 *               (sparse byDue entry: the sweep re-evaluates due watches)
 */

/** Partition of the byDue index holding care watches, by when they are next re-evaluated. */
export const CARE_DUE_PARTITION = 'CARE';

/** Key of a couple's care watch. */
export function careWatchKey(coupleId: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: 'CARE_WATCH' };
}

function toWatch(item: Item): CareWatch {
  return {
    coupleId: String(item.coupleId),
    rev: Number(item.rev ?? 0),
    driftRisk: (item.driftRisk as CareWatch['driftRisk'] | undefined) ?? null,
    health: (item.health as CareWatch['health'] | undefined) ?? null,
    healthDate: (item.healthDate as string | undefined) ?? null,
    validUntil: (item.validUntil as string | undefined) ?? null,
    dueAt: (item.dueAt as string | undefined) ?? null,
  };
}

/** The item of a watch (also used to seed benchmarks). */
export function careWatchItem(watch: CareWatch): Item {
  return {
    ...careWatchKey(watch.coupleId),
    type: 'CareWatch',
    coupleId: watch.coupleId,
    rev: watch.rev,
    driftRisk: watch.driftRisk ?? undefined,
    health: watch.health ?? undefined,
    healthDate: watch.healthDate ?? undefined,
    validUntil: watch.validUntil ?? undefined,
    ...(watch.dueAt ? { duePk: CARE_DUE_PARTITION, dueAt: watch.dueAt } : {}),
  };
}

/** Data access for care watches. One instance per request or sweep run. */
export class CareWatchRepository {
  private readonly loader: DataLoader<string, CareWatch | null, string>;

  constructor(private readonly table: TableContext) {
    this.loader = createItemLoader(table, careWatchKey, toWatch);
  }

  /**
   * Erasure: drops the health the watch last evaluated (averages that
   * counted an erased partner's closeness); the next evaluation computes it
   * again from the roll-ups, which no longer hold that partner.
   */
  async forgetHealth(coupleId: string): Promise<void> {
    await conditionalUpdate(this.table, {
      Key: careWatchKey(coupleId),
      UpdateExpression: 'REMOVE health, healthDate',
      ConditionExpression: 'attribute_exists(pk)',
    });
    this.loader.clear(coupleId);
  }

  /** A watch (batched: a caseload page's twenty watches are one BatchGetItem). */
  get(coupleId: string): Promise<CareWatch | null> {
    return this.loader.load(coupleId);
  }

  /** Strongly consistent read, before an evaluation writes. */
  async getConsistent(coupleId: string): Promise<CareWatch | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: careWatchKey(coupleId), ConsistentRead: true }),
    );
    return result.Item ? toWatch(result.Item) : null;
  }

  /** Couples whose watch is due at or before `now`, oldest first (one Query of the sparse index page). */
  async due(now: string, limit: number): Promise<string[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: 'byDue',
        KeyConditionExpression: 'duePk = :care AND dueAt <= :now',
        ExpressionAttributeValues: { ':care': CARE_DUE_PARTITION, ':now': now },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => String(item.coupleId));
  }

  /**
   * The Put of an evaluated watch, only if nobody evaluated since `previousRev`
   * (0: no watch yet). `watch.dueAt` null leaves the index (no active grant left).
   */
  saveAction(watch: CareWatch, previousRev: number) {
    return {
      Put: {
        TableName: this.table.tableName,
        Item: careWatchItem(watch),
        ...(previousRev === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': previousRev } }),
      },
    };
  }

  /** Forgets a cached watch after an evaluation wrote it. */
  forget(coupleId: string): void {
    this.loader.clear(coupleId);
  }
}
