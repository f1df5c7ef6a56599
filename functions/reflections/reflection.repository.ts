import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { coupleKey } from '../couples/couple-keys';
import { createItemLoader } from '../shared/data/item-loader';
import { queryAll, queryKeyPage } from '../shared/data/query-all';
import { batchDeleteItems, batchGetItems, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction, type LabelledAction } from '../shared/data/transaction';
import { inPositionRange, positionOf, type HistoryEntry, type PositionRange } from './reflection-history';
import { readersOf } from './reflection-visibility';
import {
  FEELINGS,
  type Feeling,
  type Reflection,
  type ReflectionContent,
  type ReflectionRevision,
  type ReflectionSharing,
} from './reflection.model';

/*
 * Items of this domain:
 * - reflection: pk = REFLECTION#<id>, sk = REFLECTION (the current version, with `version`)
 * - revision:   pk = REFLECTION#<id>, sk = REVISION#<000001..>  (append-only: Put if absent, never changed)
 * - list entries, one set PER READER (the author, and the partner while
 *   shared), so that every list Query returns only what that reader may read
 *   (no visibility filter, hence no short pages). For reader R of couple C,
 *   with base = COUPLE#<C>#READER#<R>#REFLECTIONS and position = <createdAt>#<id>:
 *   - entry:         pk = base,                  sk = position
 *                    gsi1pk = base#AUTHOR#<authorId>,   gsi1sk = position   (author filter)
 *                    gsi2pk = base#SESSION#<sessionId>, gsi2sk = position   (session filter, session.reflections)
 *   - feeling entry: pk = base#FEELING#<feeling>, sk = position              (one per feeling)
 *                    gsi1pk = base#AUTHOR#<authorId>#FEELING#<feeling>, gsi1sk = position
 *   Entries hold ids and filter attributes only, never the body: a page reads
 *   its entries (one Query per stream) and then the reflections (one
 *   BatchGetItem). They are written, changed and deleted in the same
 *   transaction as the reflection, so a list never shows what its reader may
 *   no longer read.
 * - health roll-ups (HealthRepository's actions, added by ReflectionService), ADDed in the same transactions.
 */

/** Key of a reflection's current version. */
export function reflectionKey(reflectionId: string): Key {
  return { pk: `REFLECTION#${reflectionId}`, sk: 'REFLECTION' };
}

/** Key of an earlier version (zero-padded so that revisions sort by version). */
export function revisionKey(reflectionId: string, version: number): Key {
  return { pk: reflectionKey(reflectionId).pk, sk: `REVISION#${String(version).padStart(6, '0')}` };
}

function readerBase(coupleId: string, readerId: string): string {
  return `${coupleKey(coupleId).pk}#READER#${readerId}#REFLECTIONS`;
}

/** The full item of a reflection (also used to seed benchmarks). */
export function reflectionItem(reflection: Reflection): Item {
  return {
    ...reflectionKey(reflection.id),
    type: 'Reflection',
    reflectionId: reflection.id,
    coupleId: reflection.coupleId,
    authorId: reflection.authorId,
    sessionId: reflection.sessionId ?? undefined,
    promptId: reflection.promptId ?? undefined,
    body: reflection.body,
    closeness: reflection.closeness ?? undefined,
    feelings: reflection.feelings,
    sharing: reflection.sharing,
    createdAt: reflection.createdAt,
    updatedAt: reflection.updatedAt,
    version: reflection.version,
    rollupDate: reflection.rollupDate,
  };
}

/** The item of an earlier version. */
export function revisionItem(revision: ReflectionRevision, owner: Pick<Reflection, 'coupleId' | 'authorId'>): Item {
  return {
    ...revisionKey(revision.reflectionId, revision.version),
    type: 'ReflectionRevision',
    reflectionId: revision.reflectionId,
    coupleId: owner.coupleId,
    authorId: owner.authorId,
    version: revision.version,
    body: revision.body,
    closeness: revision.closeness ?? undefined,
    feelings: revision.feelings,
    sharing: revision.sharing,
    editedAt: revision.editedAt,
  };
}

/** Every list entry of a reflection, for every partner who may read it (also used to seed benchmarks). */
export function entryItems(reflection: Reflection, partnerIds: readonly string[]): Item[] {
  const position = positionOf(reflection);
  const common = { reflectionId: reflection.id, authorId: reflection.authorId, position };
  return readersOf(reflection, partnerIds).flatMap((readerId) => {
    const base = readerBase(reflection.coupleId, readerId);
    const entry: Item = {
      pk: base,
      sk: position,
      type: 'ReflectionEntry',
      ...common,
      feelings: reflection.feelings,
      gsi1pk: `${base}#AUTHOR#${reflection.authorId}`,
      gsi1sk: position,
      ...(reflection.sessionId ? { gsi2pk: `${base}#SESSION#${reflection.sessionId}`, gsi2sk: position } : {}),
    };
    const byFeeling = reflection.feelings.map((feeling) => ({
      pk: `${base}#FEELING#${feeling}`,
      sk: position,
      type: 'ReflectionFeelingEntry',
      ...common,
      gsi1pk: `${base}#AUTHOR#${reflection.authorId}#FEELING#${feeling}`,
      gsi1sk: position,
    }));
    return [entry, ...byFeeling];
  });
}

/** A stream of one reader's entries: one index partition, optionally narrowed in memory. */
export interface HistoryStream {
  index?: 'gsi1' | 'gsi2';
  partition: string;
  /**
   * Only for the session stream (a session has few reflections): author and
   * feelings are checked on its entries instead of reading another index.
   */
  keep?: (entry: HistoryEntry) => boolean;
}

export interface HistoryFilterIds {
  authorId?: string | null;
  sessionId?: string | null;
  feelings?: readonly Feeling[] | null;
}

/**
 * The streams that make up `readerId`'s view of the couple's history under
 * `filter`. Empty when the author filter names neither partner.
 * - session: that session's partition (author and feelings kept in memory);
 * - feelings: one partition per feeling (by author when filtered), merged;
 * - author: the reader's by-author partition;
 * - otherwise the reader's whole list.
 * Since/until are sort-key conditions on every stream.
 */
export function historyStreams(
  coupleId: string,
  readerId: string,
  partnerIds: readonly string[],
  filter: HistoryFilterIds,
): HistoryStream[] {
  const base = readerBase(coupleId, readerId);
  const { authorId, sessionId, feelings } = filter;
  if (authorId && !partnerIds.includes(authorId)) return [];
  if (sessionId) {
    return [
      {
        index: 'gsi2',
        partition: `${base}#SESSION#${sessionId}`,
        keep: (entry) =>
          (!authorId || entry.authorId === authorId) && (!feelings?.length || entry.feelings.some((f) => feelings.includes(f))),
      },
    ];
  }
  if (feelings?.length) {
    return feelings.map((feeling) =>
      authorId
        ? { index: 'gsi1' as const, partition: `${base}#AUTHOR#${authorId}#FEELING#${feeling}` }
        : { partition: `${base}#FEELING#${feeling}` },
    );
  }
  if (authorId) return [{ index: 'gsi1', partition: `${base}#AUTHOR#${authorId}` }];
  return [{ partition: base }];
}

/** Why a reflection write was refused, for the service to re-read and decide. */
export type ReflectionWriteOutcome =
  /** The reflection is not (or no longer) at the version the write was computed from. */
  | 'reflection-changed'
  /** The session changed (a participant, its status) since it was read. */
  | 'session-changed'
  /** The couple is no longer ACTIVE, or changed since it was read. */
  | 'couple-changed'
  /** Lost a transaction race without any condition failing: read again and retry. */
  | 'retry';

/** Actions another domain contributes to a reflection's transaction. */
export type ExtraAction = LabelledAction<ReflectionWriteOutcome>;

const KEY_NAMES = { base: ['pk', 'sk'], gsi1: ['gsi1pk', 'gsi1sk'], gsi2: ['gsi2pk', 'gsi2sk'] } as const;

/** Data access for reflections, their revisions and list entries. One instance per request. */
export class ReflectionRepository {
  private readonly loader: DataLoader<string, Reflection | null>;

  constructor(private readonly table: TableContext) {
    this.loader = createItemLoader(table, reflectionKey, toReflection);
  }

  /** A reflection by id (batched with every other load of the tick, cached per request). */
  get(reflectionId: string): Promise<Reflection | null> {
    return this.loader.load(reflectionId);
  }

  /** Strongly consistent read, before a conditional write. */
  async getConsistent(reflectionId: string): Promise<Reflection | null> {
    const item = await getConsistent(this.table, reflectionKey(reflectionId));
    return item ? toReflection(item) : null;
  }

  /** Earlier versions, newest first (the author's alone: the service checks). */
  async revisionsOf(reflectionId: string): Promise<ReflectionRevision[]> {
    const items = await queryAll(this.table, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :revision)',
      ExpressionAttributeValues: { ':pk': reflectionKey(reflectionId).pk, ':revision': 'REVISION#' },
      ScanIndexForward: false,
    });
    return items.map(toRevision);
  }

  /**
   * The newest `want` entries of a stream within `range`, newest first. A
   * stream without `keep` is read with ONE Query of `want + 1` items (the one
   * extra covers the cursor's own entry, which BETWEEN includes). A session
   * stream keeps reading until `want` entries pass `keep` or it ends; its cost
   * is bounded by that session's reflections, not by the history.
   */
  async readStream(stream: HistoryStream, range: PositionRange, want: number): Promise<HistoryEntry[]> {
    const [pkName, skName] = KEY_NAMES[stream.index ?? 'base'];
    const names: Record<string, string> = { '#pk': pkName, '#sk': skName, '#position': 'position' };
    const values: Record<string, unknown> = { ':pk': stream.partition };
    let condition = '#pk = :pk';
    if (range.lo !== undefined && range.hi !== undefined) {
      condition += ' AND #sk BETWEEN :lo AND :hi';
      Object.assign(values, { ':lo': range.lo, ':hi': range.hi });
    } else if (range.lo !== undefined) {
      condition += ' AND #sk >= :lo';
      values[':lo'] = range.lo;
    } else if (range.hi !== undefined) {
      condition += ' AND #sk < :hi';
      values[':hi'] = range.hi;
    } else {
      delete names['#sk'];
    }

    const entries: HistoryEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const result = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: stream.index,
          KeyConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          // Only what paging needs; keys come back in LastEvaluatedKey anyway.
          ProjectionExpression: 'reflectionId, authorId, #position, feelings',
          ScanIndexForward: false,
          // Base-table lists are read consistently: a reflection just written is on the next page read.
          ConsistentRead: stream.index ? undefined : true,
          Limit: stream.keep ? 100 : Math.min(want + 1, 1000),
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of result.Items ?? []) {
        const entry = toEntry(item);
        if (inPositionRange(entry.position, range) && (!stream.keep || stream.keep(entry))) entries.push(entry);
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey && entries.length < want && stream.keep);
    return entries.slice(0, want);
  }

  /**
   * One page of the reflections `authorId` wrote in `coupleId`, oldest first,
   * from the author's own by-author list (gsi1): one Query of at most `limit`
   * entries and one BatchGetItem per 100 reflections, whatever the history's
   * length. `after` is the `next` of the previous page. For export and erasure.
   */
  async authoredPage(
    coupleId: string,
    authorId: string,
    limit: number,
    after?: Record<string, unknown>,
  ): Promise<{ reflections: Reflection[]; next?: Record<string, unknown> }> {
    const { items, next } = await queryKeyPage(
      this.table,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `${readerBase(coupleId, authorId)}#AUTHOR#${authorId}` },
        ProjectionExpression: 'reflectionId',
      },
      limit,
      after,
    );
    const ids = items.map((item) => String(item.reflectionId));
    const reflections = (await this.loadMany(ids)).filter((r): r is Reflection => r !== null && r.authorId === authorId);
    return { reflections, ...(next ? { next } : {}) };
  }

  /**
   * Erasure: one page of the reflections `authorId` wrote, from the author's
   * own list on the base table, read strongly consistently (an index could
   * still show what the previous batch deleted, or miss what it should find)
   * and filtered to the author's entries. Follow `next` to the end.
   */
  async ownPageConsistent(
    coupleId: string,
    authorId: string,
    limit: number,
    after?: Record<string, unknown>,
  ): Promise<{ reflections: Reflection[]; next?: Record<string, unknown> }> {
    const { items, next } = await queryKeyPage(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'authorId = :author',
        ExpressionAttributeValues: { ':pk': readerBase(coupleId, authorId), ':author': authorId },
        ProjectionExpression: 'reflectionId',
        ConsistentRead: true,
      },
      limit,
      after,
    );
    // One consistent BatchGetItem for the page, not a GetItem per reflection.
    const found = await batchGetItems(
      this.table,
      items.map((item) => reflectionKey(String(item.reflectionId))),
      { consistent: true },
    );
    const reflections = [...found.values()].map(toReflection).filter((r) => r.authorId === authorId);
    return { reflections, ...(next ? { next } : {}) };
  }

  /**
   * Erasure: deletes what is left of `readerId`'s own lists in the couple
   * (the entries of the partner's shared reflections: their partition keys
   * name the reader). The reader's own reflections went first, each with
   * remove(). Pages of 100 keys; idempotent.
   */
  async eraseReaderLists(coupleId: string, readerId: string): Promise<void> {
    const base = readerBase(coupleId, readerId);
    for (const partition of [base, ...FEELINGS.map((feeling) => `${base}#FEELING#${feeling}`)]) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const result = await this.table.client.send(
          new QueryCommand({
            TableName: this.table.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': partition },
            ProjectionExpression: 'pk, sk',
            ConsistentRead: true,
            Limit: 100,
            ExclusiveStartKey: startKey,
          }),
        );
        await batchDeleteItems(
          this.table,
          (result.Items ?? []).map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
        );
        startKey = result.LastEvaluatedKey;
      } while (startKey);
    }
  }

  /** Reflections by id, in order (null where one vanished since its entry was read): one BatchGetItem per 100. */
  loadMany(reflectionIds: readonly string[]): Promise<(Reflection | null)[]> {
    return Promise.all(reflectionIds.map((id) => this.loader.load(id)));
  }

  /**
   * Stores a new reflection with its list entries, in ONE transaction with
   * `extra` (its day's roll-up, the couple's ACTIVE check or reconnect
   * bookkeeping, the session's participants, the outbox event).
   */
  async create(
    reflection: Reflection,
    partnerIds: readonly string[],
    extra: readonly ExtraAction[],
  ): Promise<ReflectionWriteOutcome | 'ok'> {
    const outcome = await new Transaction(this.table)
      .add(...this.createActions(reflection, partnerIds))
      .add(...extra)
      .commit();
    if (outcome === 'ok') this.loader.clear(reflection.id).prime(reflection.id, reflection);
    return outcome;
  }

  /**
   * How many actions {@link create} commits of its own, besides `extra`
   * (the writer keeps the whole within DynamoDB's 100 per transaction).
   */
  createSize(reflection: Reflection, partnerIds: readonly string[]): number {
    return this.createActions(reflection, partnerIds).length;
  }

  /**
   * Replaces `previous` with `revised` only if `previous` is still the stored
   * version, and appends `revision` (the previous version) only if no
   * revision of that version exists: of two revisions racing from one
   * version, exactly one transaction can succeed. Entries follow the new
   * sharing and feelings; `extra` carries the roll-up's change (the new
   * closeness) and the couple's ACTIVE check.
   */
  async revise(
    revised: Reflection,
    previous: Reflection,
    revision: ReflectionRevision,
    partnerIds: readonly string[],
    extra: readonly ExtraAction[],
  ): Promise<ReflectionWriteOutcome | 'ok'> {
    const outcome = await new Transaction(this.table)
      .add(...this.reviseActions(revised, previous, revision, partnerIds))
      .add(...extra)
      .commit();
    if (outcome === 'ok') this.loader.clear(revised.id).prime(revised.id, revised);
    return outcome;
  }

  /** How many actions {@link revise} commits of its own, besides `extra`. */
  reviseSize(revised: Reflection, previous: Reflection, revision: ReflectionRevision, partnerIds: readonly string[]): number {
    return this.reviseActions(revised, previous, revision, partnerIds).length;
  }

  /**
   * Erases the reflection, every revision and every list entry, and takes it
   * out of its day's roll-up (`extra`): ONE transaction, so nothing is left
   * half erased. Revision keys are known from the version (1 .. version − 1, never
   * deleted one by one), and the version check makes a revision racing with
   * the erasure fail the transaction rather than survive it. Its own actions
   * number at most 1 + MAX_REVISIONS + 3 readers × (1 + 14 feelings) = 96
   * ({@link removeSize}); what `extra` may add on top is the writer's to fit.
   */
  async remove(
    reflection: Reflection,
    partnerIds: readonly string[],
    extra: readonly ExtraAction[],
  ): Promise<ReflectionWriteOutcome | 'ok'> {
    const outcome = await new Transaction(this.table)
      .add(...this.removeActions(reflection, partnerIds))
      .add(...extra)
      .commit();
    if (outcome === 'ok') this.loader.clear(reflection.id).prime(reflection.id, null);
    return outcome;
  }

  /** How many actions {@link remove} commits of its own, besides `extra`. */
  removeSize(reflection: Reflection, partnerIds: readonly string[]): number {
    return this.removeActions(reflection, partnerIds).length;
  }

  private createActions(reflection: Reflection, partnerIds: readonly string[]): ExtraAction[] {
    const { tableName } = this.table;
    return [
      {
        action: { Put: { TableName: tableName, Item: reflectionItem(reflection), ConditionExpression: 'attribute_not_exists(pk)' } },
        onFailure: 'reflection-changed',
      },
      ...entryItems(reflection, partnerIds).map((item) => ({
        action: { Put: { TableName: tableName, Item: item } },
        onFailure: 'retry' as const,
      })),
    ];
  }

  private reviseActions(
    revised: Reflection,
    previous: Reflection,
    revision: ReflectionRevision,
    partnerIds: readonly string[],
  ): ExtraAction[] {
    const { tableName } = this.table;
    const before = new Map(entryItems(previous, partnerIds).map((item) => [`${item.pk}|${item.sk}`, item]));
    const after = new Map(entryItems(revised, partnerIds).map((item) => [`${item.pk}|${item.sk}`, item]));
    return [
      {
        action: {
          Put: { TableName: tableName, Item: revisionItem(revision, previous), ConditionExpression: 'attribute_not_exists(pk)' },
        },
        onFailure: 'reflection-changed',
      },
      {
        action: {
          Put: {
            TableName: tableName,
            Item: reflectionItem(revised),
            ConditionExpression: 'version = :expected',
            ExpressionAttributeValues: { ':expected': previous.version },
          },
        },
        onFailure: 'reflection-changed',
      },
      ...[...before]
        .filter(([key]) => !after.has(key))
        .map(([, item]) => ({
          action: { Delete: { TableName: tableName, Key: { pk: item.pk, sk: item.sk } } },
          onFailure: 'retry' as const,
        })),
      // New entries, and kept entries whose content changed (the main entry carries the feelings).
      ...[...after]
        .filter(([key, item]) => JSON.stringify(before.get(key)) !== JSON.stringify(item))
        .map(([, item]) => ({
          action: { Put: { TableName: tableName, Item: item } },
          onFailure: 'retry' as const,
        })),
    ];
  }

  private removeActions(reflection: Reflection, partnerIds: readonly string[]): ExtraAction[] {
    const { tableName } = this.table;
    const revisionKeys = Array.from({ length: reflection.version - 1 }, (_, i) => revisionKey(reflection.id, i + 1));
    return [
      {
        action: {
          Delete: {
            TableName: tableName,
            Key: reflectionKey(reflection.id),
            ConditionExpression: 'version = :version',
            ExpressionAttributeValues: { ':version': reflection.version },
          },
        },
        onFailure: 'reflection-changed',
      },
      ...[...revisionKeys, ...entryItems(reflection, partnerIds).map((item) => ({ pk: String(item.pk), sk: String(item.sk) }))].map(
        (key) => ({ action: { Delete: { TableName: tableName, Key: key } }, onFailure: 'retry' as const }),
      ),
    ];
  }
}

function toSharing(value: unknown): ReflectionSharing {
  const sharing = (value ?? {}) as Partial<ReflectionSharing>;
  return { partner: sharing.partner === true, careTeam: sharing.careTeam === true };
}

/** What a reflection and a revision item both hold: the author's words, rating, feelings and sharing. */
function toContent(item: Item): ReflectionContent {
  return {
    body: String(item.body),
    closeness: item.closeness === undefined ? null : Number(item.closeness),
    feelings: (item.feelings as Feeling[] | undefined) ?? [],
    sharing: toSharing(item.sharing),
  };
}

function toReflection(item: Item): Reflection {
  return {
    ...toContent(item),
    id: String(item.reflectionId),
    coupleId: String(item.coupleId),
    authorId: String(item.authorId),
    sessionId: (item.sessionId as string | undefined) ?? null,
    promptId: (item.promptId as string | undefined) ?? null,
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
    version: Number(item.version),
    rollupDate: String(item.rollupDate),
  };
}

function toRevision(item: Item): ReflectionRevision {
  return {
    ...toContent(item),
    reflectionId: String(item.reflectionId),
    version: Number(item.version),
    editedAt: String(item.editedAt),
  };
}

function toEntry(item: Item): HistoryEntry {
  return {
    position: String(item.position),
    reflectionId: String(item.reflectionId),
    authorId: String(item.authorId),
    feelings: (item.feelings as Feeling[] | undefined) ?? [],
  };
}
