import type DataLoader from 'dataloader';
import { coupleKey } from '../couples/couple-keys';
import { createItemLoader } from '../shared/data/item-loader';
import { conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import type { LabelledAction } from '../shared/data/transaction';
import { decodeCursor, invalidCursor, type KeyRecord, type Page } from '../shared/pagination/cursor';
import { mapPage, queryIndexPage, queryPage } from '../shared/pagination/query-page';
import { parseReminderId, reminderId, type Reminder, type ReminderRef, type ReminderStatus } from './reminder.model';

/*
 * Items of this domain:
 * - reminder: pk = COUPLE#<coupleId>, sk = REMINDER#<dueAt>#<kind>[#<sessionId>]
 *             gsi2pk = COUPLE#<coupleId>#REMINDERS#<STATUS>, gsi2sk = <dueAt>#<kind>[#<sessionId>]
 *   The key is the idempotency guard: created with attribute_not_exists, so
 *   one couple gets one reminder per due instant and kind however many
 *   sweeps run. In the couple's partition, newest first is one Query on the
 *   table (sk carries dueAt); by status, one Query on gsi2 (whose partition
 *   moves with the status). Reminders are never deleted.
 */

const SK_PREFIX = 'REMINDER#';

function sortKeyOf(ref: ReminderRef): string {
  const qualifier = ref.kind === 'CARE_TEAM_ALERT' ? ref.practiceId : ref.sessionId;
  return [ref.dueAt, ref.kind, ...(qualifier ? [qualifier] : [])].join('#');
}

/** Key of a reminder. */
export function reminderKey(ref: ReminderRef): Key {
  return { pk: coupleKey(ref.coupleId).pk, sk: `${SK_PREFIX}${sortKeyOf(ref)}` };
}

function statusPartition(coupleId: string, status: ReminderStatus): string {
  return `${coupleKey(coupleId).pk}#REMINDERS#${status}`;
}

/** The full item of a reminder. */
export function reminderItem(reminder: Reminder): Item {
  return {
    ...reminderKey(reminder),
    type: 'Reminder',
    reminderId: reminder.id,
    coupleId: reminder.coupleId,
    kind: reminder.kind,
    status: reminder.status,
    dueAt: reminder.dueAt,
    createdAt: reminder.createdAt,
    acknowledgedAt: reminder.acknowledgedAt ?? undefined,
    acknowledgedBy: reminder.acknowledgedBy ?? undefined,
    resolvedAt: reminder.resolvedAt ?? undefined,
    daysSinceLastReconnect: reminder.daysSinceLastReconnect ?? undefined,
    suggestedPromptId: reminder.suggestedPromptId ?? undefined,
    sessionId: reminder.sessionId ?? undefined,
    practiceId: reminder.practiceId ?? undefined,
    gsi2pk: statusPartition(reminder.coupleId, reminder.status),
    gsi2sk: sortKeyOf(reminder),
  };
}

function toReminder(item: Item): Reminder {
  return {
    id: String(item.reminderId),
    coupleId: String(item.coupleId),
    kind: item.kind as Reminder['kind'],
    status: item.status as ReminderStatus,
    dueAt: String(item.dueAt),
    createdAt: String(item.createdAt),
    acknowledgedAt: (item.acknowledgedAt as string | undefined) ?? null,
    acknowledgedBy: (item.acknowledgedBy as string | undefined) ?? null,
    resolvedAt: (item.resolvedAt as string | undefined) ?? null,
    daysSinceLastReconnect: item.daysSinceLastReconnect === undefined ? null : Number(item.daysSinceLastReconnect),
    suggestedPromptId: (item.suggestedPromptId as string | undefined) ?? null,
    sessionId: (item.sessionId as string | undefined) ?? null,
    practiceId: (item.practiceId as string | undefined) ?? null,
  };
}

/** True when `position` is the key of a reminder of the couple in the list asked for. */
function isPosition(position: KeyRecord, coupleId: string, status: ReminderStatus | null): boolean {
  const { pk, sk, gsi2pk, gsi2sk } = position;
  if (pk !== coupleKey(coupleId).pk || typeof sk !== 'string' || !sk.startsWith(SK_PREFIX)) return false;
  if (!status) return Object.keys(position).length === 2;
  return Object.keys(position).length === 4 && gsi2pk === statusPartition(coupleId, status) && gsi2sk === sk.slice(SK_PREFIX.length);
}

/** Data access for reminders. One instance per request or sweep run (its loader caches reads). */
export class ReminderRepository {
  private readonly loader: DataLoader<string, Reminder | null, string>;

  constructor(private readonly table: TableContext) {
    this.loader = createItemLoader(table, (id: string) => reminderKey(parseReminderId(id) as ReminderRef), toReminder);
  }

  /**
   * The actions creating one practice's CARE_TEAM_ALERT reminder for a couple
   * (PENDING, due now), only if absent: the drift tracker commits them with
   * the evaluation that saw drift risk rise to HIGH.
   */
  careAlertActions(coupleId: string, practiceId: string, dueAt: string): { actions: object[]; reminderId: string } {
    const ref: ReminderRef = { coupleId, dueAt, kind: 'CARE_TEAM_ALERT', sessionId: null, practiceId };
    const id = reminderId(ref);
    const reminder: Reminder = {
      ...ref,
      id,
      status: 'PENDING',
      createdAt: dueAt,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      daysSinceLastReconnect: null,
      suggestedPromptId: null,
    };
    return {
      reminderId: id,
      actions: [
        { Put: { TableName: this.table.tableName, Item: reminderItem(reminder), ConditionExpression: 'attribute_not_exists(pk)' } },
      ],
    };
  }

  /**
   * Erasure: puts `replacementId` where `personId` acknowledged one of the
   * couple's reminders. Pages of the couple's reminders (100 a Query), one
   * conditional UpdateItem per such reminder; idempotent.
   */
  async replaceAcknowledger(coupleId: string, personId: string, replacementId: string): Promise<void> {
    let after: string | null = null;
    for (;;) {
      const page: Page<Reminder> = await this.page(coupleId, { first: 100, after });
      for (const { node } of page.items) {
        if (node.acknowledgedBy !== personId) continue;
        await conditionalUpdate(this.table, {
          Key: reminderKey(node),
          UpdateExpression: 'SET acknowledgedBy = :replacement',
          ConditionExpression: 'acknowledgedBy = :person',
          ExpressionAttributeValues: { ':replacement': replacementId, ':person': personId },
        });
        this.loader.clear(node.id);
      }
      const last = page.items.at(-1);
      if (!page.hasNextPage || !last) return;
      after = last.cursor;
    }
  }

  /** A reminder by local id (batched and cached); null for an id that names none. */
  async get(reminderId: string): Promise<Reminder | null> {
    return parseReminderId(reminderId) ? this.loader.load(reminderId) : null;
  }

  /**
   * One page of a couple's reminders, newest first (by due instant),
   * optionally of one status: one Query either way, whatever the history.
   */
  async page(coupleId: string, options: { status?: ReminderStatus | null; first: number; after?: string | null }): Promise<Page<Reminder>> {
    const partition = `REMINDERS#${coupleId}#${options.status ?? 'ALL'}`;
    // A cursor is a key of this list; one edited to point elsewhere is the client's error, not DynamoDB's.
    const position = decodeCursor('after', options.after, partition);
    if (position && !isPosition(position, coupleId, options.status ?? null)) throw invalidCursor('after');
    const page = options.status
      ? await queryIndexPage(this.table, {
          index: 'gsi2',
          partitionKey: statusPartition(coupleId, options.status),
          cursorPartition: partition,
          first: options.first,
          after: options.after,
        })
      : await queryPage(this.table, {
          query: {
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': coupleKey(coupleId).pk, ':prefix': SK_PREFIX },
            ScanIndexForward: false,
          },
          partition,
          keyAttributes: ['pk', 'sk'],
          first: options.first,
          after: options.after,
        });
    return mapPage(page, (item) => {
      const reminder = toReminder(item);
      this.loader.prime(reminder.id, reminder);
      return reminder;
    });
  }

  /** The transaction action that creates `reminder` unless one exists for its couple, instant and kind. */
  createAction(reminder: Reminder): LabelledAction<'reminder-exists'> {
    return {
      action: {
        Put: {
          TableName: this.table.tableName,
          Item: reminderItem(reminder),
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      onFailure: 'reminder-exists',
    };
  }

  /**
   * Transaction actions that make these reminders RESOLVED at `at`
   * (whether PENDING or ACKNOWLEDGED; an already RESOLVED one keeps its
   * first resolvedAt). Unconditional on the status, so a partner
   * acknowledging at the same moment cannot make a reconnect fail; the
   * only condition is that the reminder exists (ids come from the couple's
   * openReminderIds, written in the transaction that created each one).
   */
  resolveActions(reminderIds: readonly string[], at: Date): LabelledAction<'retry'>[] {
    return reminderIds.flatMap((id): LabelledAction<'retry'>[] => {
      const ref = parseReminderId(id);
      if (!ref) return [];
      return [
        {
          onFailure: 'retry',
          action: {
            Update: {
              TableName: this.table.tableName,
              Key: reminderKey(ref),
              UpdateExpression: 'SET #status = :resolved, gsi2pk = :partition, resolvedAt = if_not_exists(resolvedAt, :at)',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':resolved': 'RESOLVED',
                ':partition': statusPartition(ref.coupleId, 'RESOLVED'),
                ':at': at.toISOString(),
              },
            },
          },
        },
      ];
    });
  }

  /** Strongly consistent read, after a conditional write lost. */
  async getConsistent(reminderId: string): Promise<Reminder | null> {
    const ref = parseReminderId(reminderId);
    if (!ref) return null;
    const item = await getConsistent(this.table, reminderKey(ref));
    return item ? toReminder(item) : null;
  }

  /**
   * PENDING → ACKNOWLEDGED by `personId` at `at`, and the reminder as it is
   * then. When it was not PENDING (any more) nothing changes and the stored
   * reminder comes back as it is (null if it is gone).
   */
  async acknowledge(reminder: Reminder, personId: string, at: Date): Promise<Reminder | null> {
    const { applied, attributes } = await conditionalUpdate(this.table, {
      Key: reminderKey(reminder),
      UpdateExpression: 'SET #status = :acknowledged, gsi2pk = :partition, acknowledgedAt = :at, acknowledgedBy = :by',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':acknowledged': 'ACKNOWLEDGED',
        ':pending': 'PENDING',
        ':partition': statusPartition(reminder.coupleId, 'ACKNOWLEDGED'),
        ':at': at.toISOString(),
        ':by': personId,
      },
      ReturnValues: 'ALL_NEW',
    });
    if (!applied) {
      this.loader.clear(reminder.id);
      return this.getConsistent(reminder.id);
    }
    const updated = toReminder(attributes as Item);
    this.loader.clear(updated.id).prime(updated.id, updated);
    return updated;
  }
}
