import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { coupleKey } from '../couples/couple-keys';
import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import { UPCOMING_PARTITION, upcomingIndexAttributes } from '../reconnect/due-index';
import { createItemLoader } from '../shared/data/item-loader';
import { batchDeleteItems, conditionalUpdate, getConsistent, type Item, type Key, type TableContext } from '../shared/data/table';
import { Transaction, type LabelledAction } from '../shared/data/transaction';
import { decodeCursor, invalidCursor, type KeyRecord, type Page } from '../shared/pagination/cursor';
import { mapPage, queryIndexPage } from '../shared/pagination/query-page';
import { sortInstant, type PromptAnswer, type ReconnectSession, type SessionStatus } from './session.model';

/*
 * Items of this domain:
 * - session:  pk = SESSION#<sessionId>, sk = SESSION
 *             gsi1pk = COUPLE#<coupleId>#SESSIONS,          gsi1sk = <startedAt ?? scheduledFor>#<sessionId>
 *             gsi2pk = COUPLE#<coupleId>#SESSIONS#<STATUS>, gsi2sk = the same
 *   (the couple's history, newest first, all or by status: one Query per page)
 * - answer:   pk = SESSION#<sessionId>, sk = ANSWER#<promptId>#<personId>
 *   (one item per partner and prompt: two partners answering at once never overwrite each other)
 * - lock:     pk = COUPLE#<coupleId>, sk = IN_PROGRESS_SESSION
 *   (exists while the couple has an IN_PROGRESS session; see save())
 * A SCHEDULED session also carries duePk = UPCOMING, dueAt = scheduledFor - 1 h
 * (sparse `byDue` index, functions/reconnect/due-index.ts): the reminder
 * sweep finds sessions starting within the hour without scanning, and
 * removes the entry (clearUpcomingAction) once it has reminded.
 */

/** Key of a session item. */
export function sessionKey(sessionId: string): Key {
  return { pk: `SESSION#${sessionId}`, sk: 'SESSION' };
}

/** Key of one partner's answer to one prompt of a session. */
export function answerKey(sessionId: string, promptId: string, personId: string): Key {
  return { pk: sessionKey(sessionId).pk, sk: `ANSWER#${promptId}#${personId}` };
}

/** Key of the item that marks "this couple has an IN_PROGRESS session" (one per couple). */
export function inProgressLockKey(coupleId: string): Key {
  return { pk: coupleKey(coupleId).pk, sk: 'IN_PROGRESS_SESSION' };
}

function historyPartition(coupleId: string): string {
  return `${coupleKey(coupleId).pk}#SESSIONS`;
}

function statusPartition(coupleId: string, status: SessionStatus): string {
  return `${historyPartition(coupleId)}#${status}`;
}

function historySortKey(session: ReconnectSession): string {
  return `${sortInstant(session)}#${session.id}`;
}

/** The full item of a session, index attributes included (also used to seed benchmarks). */
export function sessionItem(session: ReconnectSession): Item {
  const sortKey = historySortKey(session);
  return {
    ...sessionKey(session.id),
    type: 'ReconnectSession',
    sessionId: session.id,
    coupleId: session.coupleId,
    status: session.status,
    createdAt: session.createdAt,
    scheduledFor: session.scheduledFor ?? undefined,
    startedAt: session.startedAt ?? undefined,
    completedAt: session.completedAt ?? undefined,
    cancelledAt: session.cancelledAt ?? undefined,
    startedBy: session.startedBy ?? undefined,
    prompts: session.prompts,
    // A string set (DynamoDB has no empty sets: absent until the first participant).
    participantIds: session.participantIds.length ? new Set(session.participantIds) : undefined,
    version: session.version,
    gsi1pk: historyPartition(session.coupleId),
    gsi1sk: sortKey,
    gsi2pk: statusPartition(session.coupleId, session.status),
    gsi2sk: sortKey,
    ...upcomingIndexAttributes(session),
  };
}

/** The item of an answer (also used to seed benchmarks). */
export function answerItem(answer: PromptAnswer): Item {
  return {
    ...answerKey(answer.sessionId, answer.promptId, answer.authorId),
    type: 'PromptAnswer',
    sessionId: answer.sessionId,
    coupleId: answer.coupleId,
    promptId: answer.promptId,
    authorId: answer.authorId,
    text: answer.text,
    answeredAt: answer.answeredAt,
  };
}

/** A session from its stored item (also from a `byDue` index entry: the index projects every attribute). */
function toSession(item: Item): ReconnectSession {
  const participants = item.participantIds as Set<string> | string[] | undefined;
  return {
    id: String(item.sessionId),
    coupleId: String(item.coupleId),
    status: item.status as SessionStatus,
    createdAt: String(item.createdAt),
    scheduledFor: (item.scheduledFor as string | undefined) ?? null,
    startedAt: (item.startedAt as string | undefined) ?? null,
    completedAt: (item.completedAt as string | undefined) ?? null,
    cancelledAt: (item.cancelledAt as string | undefined) ?? null,
    startedBy: (item.startedBy as string | undefined) ?? null,
    prompts: ((item.prompts as ReconnectSession['prompts'] | undefined) ?? [])
      .map((p) => ({ position: Number(p.position), promptId: String(p.promptId) }))
      .sort((a, b) => a.position - b.position),
    participantIds: participants ? [...participants].sort() : [],
    version: Number(item.version ?? 1),
  };
}

function toAnswer(item: Item): PromptAnswer {
  return {
    sessionId: String(item.sessionId),
    coupleId: String(item.coupleId),
    promptId: String(item.promptId),
    authorId: String(item.authorId),
    text: String(item.text),
    answeredAt: String(item.answeredAt),
  };
}

/** Why a session write was refused, for the service to re-read and decide. */
export type SessionWriteOutcome =
  /** The session is not (or no longer) in the state the write was computed from. */
  | 'session-changed'
  /** The couple already has an IN_PROGRESS session. */
  | 'in-progress-exists'
  /** The couple is no longer ACTIVE, or changed since it was read. */
  | 'couple-changed'
  /** Lost a transaction race without any condition failing: read again and retry. */
  | 'retry';

interface AnswerLoadKey {
  sessionId: string;
  promptId: string;
  personId: string;
}

/** What a cursor of a couple's session list names: the list (couple and status filter), so one from another list is refused. */
function listPartition(coupleId: string, status: SessionStatus | null): string {
  return `SESSIONS#${coupleId}#${status ?? 'ALL'}`;
}

/** True when `position` is the key of a session item in the index partition the list reads. */
function isPosition(position: KeyRecord, indexPk: string, indexPartition: string, indexSk: string): boolean {
  const { pk, sk } = position;
  return (
    typeof pk === 'string' &&
    pk.startsWith('SESSION#') &&
    sk === 'SESSION' &&
    position[indexPk] === indexPartition &&
    typeof position[indexSk] === 'string' &&
    String(position[indexSk]).endsWith(`#${pk.slice('SESSION#'.length)}`)
  );
}

/** Data access for sessions and their answers. One instance per request (its loaders cache reads). */
export class SessionRepository {
  private readonly sessions: DataLoader<string, ReconnectSession | null, string>;
  private readonly answers: DataLoader<AnswerLoadKey, PromptAnswer | null, string>;

  constructor(
    private readonly table: TableContext,
    private readonly couples: CoupleRepository,
  ) {
    this.sessions = createItemLoader(table, sessionKey, toSession);
    // Answer keys are known from the session (its prompts × the couple's
    // partners), so every answer of every session a request touches is read
    // with BatchGetItem: the request count depends on neither the number of
    // prompts nor the number of sessions on a page (100 keys per request).
    this.answers = createItemLoader(table, (k: AnswerLoadKey): Key => answerKey(k.sessionId, k.promptId, k.personId), toAnswer);
  }

  /** A session by id (batched and cached per request). */
  get(sessionId: string): Promise<ReconnectSession | null> {
    return this.sessions.load(sessionId);
  }

  /**
   * Erasure, for one page of a couple's sessions: deletes `personId`'s
   * answers (keys from each session's prompts: no read) and puts
   * `replacementId` where they stand as starter or participant (the version
   * moves, so a writer that read before re-reads). Returns the next page's
   * cursor, null after the last. Idempotent: a re-run finds nothing left.
   */
  async erasePersonPage(
    coupleId: string,
    personId: string,
    replacementId: string,
    first: number,
    after: string | null,
  ): Promise<string | null> {
    const page = await this.page(coupleId, { first, after });
    const sessions = page.items.map((item) => item.node);
    await batchDeleteItems(
      this.table,
      sessions.flatMap((session) => session.prompts.map((p) => answerKey(session.id, p.promptId, personId))),
    );
    for (const session of sessions) {
      if (session.startedBy === personId) {
        await conditionalUpdate(this.table, {
          Key: sessionKey(session.id),
          UpdateExpression: 'SET startedBy = :replacement ADD version :one',
          ConditionExpression: 'startedBy = :person',
          ExpressionAttributeValues: { ':replacement': replacementId, ':person': personId, ':one': 1 },
        });
      }
      if (session.participantIds.includes(personId)) {
        // Two writes (one expression may not ADD to and DELETE from one set): the replacement first, so
        // a crash between them leaves both ids, which a re-run resolves.
        await conditionalUpdate(this.table, {
          Key: sessionKey(session.id),
          UpdateExpression: 'ADD participantIds :replacement, version :one',
          ConditionExpression: 'contains(participantIds, :personId)',
          ExpressionAttributeValues: { ':replacement': new Set([replacementId]), ':personId': personId, ':one': 1 },
        });
        await conditionalUpdate(this.table, {
          Key: sessionKey(session.id),
          UpdateExpression: 'DELETE participantIds :person ADD version :one',
          ConditionExpression: 'contains(participantIds, :personId)',
          ExpressionAttributeValues: { ':person': new Set([personId]), ':personId': personId, ':one': 1 },
        });
      }
      this.sessions.clear(session.id);
    }
    const last = page.items.at(-1);
    return page.hasNextPage && last ? last.cursor : null;
  }

  /** Strongly consistent read, before a conditional write. */
  async getConsistent(sessionId: string): Promise<ReconnectSession | null> {
    const item = await getConsistent(this.table, sessionKey(sessionId));
    return item ? toSession(item) : null;
  }

  /**
   * A session from its `byDue` index entry (the index projects every
   * attribute). Not cached: an index entry may lag the item.
   */
  fromIndexEntry(item: Item): ReconnectSession {
    return toSession(item);
  }

  /** The id of the couple's IN_PROGRESS session, if any (consistent read of the lock item). */
  async inProgressSessionId(coupleId: string): Promise<string | null> {
    const item = await getConsistent(this.table, inProgressLockKey(coupleId));
    return (item?.sessionId as string | undefined) ?? null;
  }

  /**
   * One page of a couple's sessions, newest first (by start, else scheduled
   * time), optionally of one status: ONE Query (the shared `queryPage`)
   * whatever the length of the history. A cursor that is not a key of this
   * couple's list is BAD_USER_INPUT before anything is read.
   */
  async page(
    coupleId: string,
    options: { status?: SessionStatus | null; first: number; after?: string | null },
  ): Promise<Page<ReconnectSession>> {
    const status = options.status ?? null;
    const index = status ? 'gsi2' : 'gsi1';
    const [indexPk, indexSk] = [`${index}pk`, `${index}sk`];
    const indexPartition = status ? statusPartition(coupleId, status) : historyPartition(coupleId);
    const partition = listPartition(coupleId, status);
    const position = decodeCursor('after', options.after, partition);
    if (position && !isPosition(position, indexPk, indexPartition, indexSk)) throw invalidCursor('after');
    const page = await queryIndexPage(this.table, {
      index,
      partitionKey: indexPartition,
      cursorPartition: partition,
      first: options.first,
      after: options.after,
    });
    return mapPage(page, (item) => {
      const session = toSession(item);
      this.sessions.prime(session.id, session);
      return session;
    });
  }

  /**
   * The answers to `session`'s prompts by `partnerIds` (each prompt × partner
   * pair is one key; missing answers are simply absent). Batched with every
   * other answer read of the request.
   */
  async answersOf(session: ReconnectSession, partnerIds: readonly string[]): Promise<PromptAnswer[]> {
    const keys = session.prompts.flatMap((p) => partnerIds.map((personId) => ({ sessionId: session.id, promptId: p.promptId, personId })));
    const found = await Promise.all(keys.map((k) => this.answers.load(k)));
    return found.filter((a): a is PromptAnswer => a !== null);
  }

  /** Who answered one prompt of a session, from a strongly consistent Query (one item per author). */
  async authorsOfAnswers(sessionId: string, promptId: string): Promise<string[]> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': sessionKey(sessionId).pk, ':prefix': `ANSWER#${promptId}#` },
        ProjectionExpression: 'authorId',
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => String(item.authorId));
  }

  /**
   * Writes a new or changed session, in ONE transaction with what must change
   * with it:
   * - entering IN_PROGRESS: the couple's lock item, put only if absent. Of
   *   two racing starts, exactly one transaction can create it; the other is
   *   refused ('in-progress-exists'). The couple must still be ACTIVE.
   * - leaving IN_PROGRESS: the lock is deleted, freeing the couple.
   * - a new session (scheduled or started) also needs the couple ACTIVE.
   * - `coupleUpdate`: the couple item, version-checked (completing a session
   *   in which both took part moves lastReconnectedAt and the next reminder:
   *   never one without the other).
   * - `alsoWrite`: other domains' labelled actions that must commit with it
   *   (the outbox event, reminders resolved by a reconnect, the health
   *   roll-up); a failed condition among them means "read again and retry".
   * The session itself is written only if it is still as `previous` was read
   * (status and version), or does not exist yet when `previous` is null.
   */
  async save(
    updated: ReconnectSession,
    previous: ReconnectSession | null,
    coupleUpdate?: { couple: Couple; expectedVersion: number },
    alsoWrite: readonly LabelledAction[] = [],
  ): Promise<SessionWriteOutcome | 'ok'> {
    const { tableName } = this.table;
    const actions: LabelledAction<SessionWriteOutcome>[] = [
      {
        action: {
          Put: {
            TableName: tableName,
            Item: sessionItem(updated),
            ...(previous
              ? {
                  ConditionExpression: '#status = :previousStatus AND version = :previousVersion',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':previousStatus': previous.status, ':previousVersion': previous.version },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          },
        },
        onFailure: 'session-changed',
      },
    ];
    const wasInProgress = previous?.status === 'IN_PROGRESS';
    const isInProgress = updated.status === 'IN_PROGRESS';
    if (isInProgress && !wasInProgress) {
      actions.push({
        action: {
          Put: {
            TableName: tableName,
            Item: { ...inProgressLockKey(updated.coupleId), type: 'InProgressSession', sessionId: updated.id, coupleId: updated.coupleId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'in-progress-exists',
      });
    }
    if (wasInProgress && !isInProgress) {
      actions.push({
        action: {
          Delete: {
            TableName: tableName,
            Key: inProgressLockKey(updated.coupleId),
            // Never release another session's lock.
            ConditionExpression: 'attribute_not_exists(pk) OR sessionId = :sessionId',
            ExpressionAttributeValues: { ':sessionId': updated.id },
          },
        },
        onFailure: 'session-changed',
      });
    }
    // Every session write commits only while the couple is ACTIVE (a partner
    // leaving between our read and this write makes it fail and re-read); a
    // couple write is version-checked, which covers that too.
    actions.push(
      coupleUpdate
        ? this.couples.saveAction(coupleUpdate.couple, coupleUpdate.expectedVersion)
        : this.couples.activeCheckAction(updated.coupleId),
    );
    // Other domains' actions: a failed condition among them means "read again and retry".
    actions.push(...alsoWrite.map((a) => ({ action: a.action, onFailure: 'retry' as const })));

    const outcome = await new Transaction(this.table).add(...actions).commit();
    if (outcome !== 'ok') return outcome;
    this.sessions.clear(updated.id).prime(updated.id, updated);
    if (coupleUpdate) this.couples.remember(coupleUpdate.couple);
    return 'ok';
  }

  /**
   * Stores (or replaces) the author's answer and adds the author to the
   * session's participants, only while the session is IN_PROGRESS. `ADD` to a
   * string set is commutative and the version bump is unconditional, so two
   * partners answering at once both land; the bump makes a completion that
   * read the session before this answer retry and see the new participant.
   */
  async saveAnswer(
    answer: PromptAnswer,
    onFirstAnswer: readonly LabelledAction[] = [],
  ): Promise<SessionWriteOutcome | 'first-answer' | 'replaced'> {
    const sessionUpdate: LabelledAction<'session-changed'> = {
      action: {
        Update: {
          TableName: this.table.tableName,
          Key: sessionKey(answer.sessionId),
          UpdateExpression: 'ADD participantIds :author, version :one',
          ConditionExpression: '#status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':author': new Set([answer.authorId]), ':one': 1, ':inProgress': 'IN_PROGRESS' },
        },
      },
      onFailure: 'session-changed',
    };
    const coupleActive = this.couples.activeCheckAction(answer.coupleId);
    // The first answer of an author to a prompt carries `onFirstAnswer` (the
    // health roll-up) and may only create the answer item; if it already
    // exists, this is a replacement and is written again without them, so a
    // re-answer never counts twice, even when two replacements race.
    let replaced = false;
    let outcome: SessionWriteOutcome | 'answer-exists' | 'ok' = await new Transaction(this.table)
      .add(sessionUpdate, coupleActive)
      .add({
        action: { Put: { TableName: this.table.tableName, Item: answerItem(answer), ConditionExpression: 'attribute_not_exists(pk)' } },
        onFailure: 'answer-exists',
      })
      .add(...onFirstAnswer.map((a) => ({ action: a.action, onFailure: 'retry' as const })))
      .commit();
    if (outcome === 'answer-exists') {
      replaced = true;
      outcome = await new Transaction(this.table)
        .add(sessionUpdate, coupleActive)
        .add({ action: { Put: { TableName: this.table.tableName, Item: answerItem(answer) } }, onFailure: 'retry' })
        .commit();
    }
    if (outcome !== 'ok') return outcome;
    this.sessions.clear(answer.sessionId);
    const key = { sessionId: answer.sessionId, promptId: answer.promptId, personId: answer.authorId };
    this.answers.clear(key).prime(key, answer);
    // The caller learns whether `onFirstAnswer` committed (what it publishes afterwards depends on it).
    return replaced ? 'replaced' : 'first-answer';
  }

  /**
   * The action that adds `authorId` to a session's participants (a
   * reflection on the session makes its author take part), only if the
   * session is still as read (status and version). `ADD` to the string set
   * is what answers use too; the version bump makes a completion that read
   * the session before this write retry and see the new participant.
   */
  participationAction(session: ReconnectSession, authorId: string): LabelledAction<'session-changed'> {
    return {
      action: {
        Update: {
          TableName: this.table.tableName,
          Key: sessionKey(session.id),
          UpdateExpression: 'ADD participantIds :author, version :one',
          ConditionExpression: '#status = :status AND version = :version',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':author': new Set([authorId]), ':one': 1, ':status': session.status, ':version': session.version },
        },
      },
      onFailure: 'session-changed',
    };
  }

  /**
   * The action that takes a session out of the UPCOMING partition of the
   * `byDue` index, only while it is still SCHEDULED with that entry (a
   * session started or cancelled meanwhile was rewritten without it).
   */
  clearUpcomingAction(session: Pick<ReconnectSession, 'id'>, dueAt: string): LabelledAction<'session-not-upcoming'> {
    return {
      action: { Update: { TableName: this.table.tableName, ...this.clearUpcomingUpdate(session, dueAt) } },
      onFailure: 'session-not-upcoming',
    };
  }

  /** Takes a session out of UPCOMING without a reminder (it started already, or its couple is no longer ACTIVE). */
  async clearUpcoming(session: Pick<ReconnectSession, 'id'>, dueAt: string): Promise<boolean> {
    return (await conditionalUpdate(this.table, this.clearUpcomingUpdate(session, dueAt))).applied;
  }

  private clearUpcomingUpdate(session: Pick<ReconnectSession, 'id'>, dueAt: string) {
    return {
      Key: sessionKey(session.id),
      UpdateExpression: 'REMOVE duePk, dueAt',
      // Any UPCOMING shard (shared/data/due-shards.ts): an entry written before the shard count grew sits in its old shard.
      ConditionExpression: '#status = :scheduled AND begins_with(duePk, :upcoming) AND dueAt = :dueAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':scheduled': 'SCHEDULED', ':upcoming': UPCOMING_PARTITION, ':dueAt': dueAt },
    };
  }
}
