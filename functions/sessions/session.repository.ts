import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type DataLoader from 'dataloader';
import { shardedPartition } from '../shared/data/due-shards';
import { createItemLoader } from '../shared/data/item-loader';
import { transactWrite, type LabelledAction } from '../shared/data/transact';
import type { Couple } from '../couples/couple.model';
import { coupleKey, type CoupleRepository } from '../couples/couple.repository';
import {
  type Item,
  type Key,
  type TableContext,
} from '../shared/data/table';
import type { KeyRecord } from '../shared/pagination/cursor';
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
 * (sparse `byDue` index): the reminder sweep finds sessions starting within
 * the hour without scanning, and removes the entry once it has reminded.
 */

/** Partition of the `byDue` index holding SCHEDULED sessions, by when their SESSION_UPCOMING reminder falls due. */
export const UPCOMING_PARTITION = 'UPCOMING';

/** A SESSION_UPCOMING reminder falls due this long before the session starts. */
export const UPCOMING_LEAD_MS = 3_600_000;

/** When the SESSION_UPCOMING reminder of a session scheduled for `scheduledFor` falls due. */
export function upcomingDueAt(scheduledFor: string): string {
  return new Date(Date.parse(scheduledFor) - UPCOMING_LEAD_MS).toISOString();
}

/** The session's entry in the `byDue` index: present only while SCHEDULED (start and cancel rewrite the item without it). */
export function upcomingIndexAttributes(session: Pick<ReconnectSession, 'id' | 'status' | 'scheduledFor'>): { duePk?: string; dueAt?: string } {
  if (session.status !== 'SCHEDULED' || !session.scheduledFor) return {};
  // Sharded by the session's id (shared/data/due-shards.ts); with one shard, exactly UPCOMING.
  return { duePk: shardedPartition(UPCOMING_PARTITION, session.id), dueAt: upcomingDueAt(session.scheduledFor) };
}

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
export function toSession(item: Item): ReconnectSession {
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

/** A page of a couple's sessions, newest first. */
export interface SessionPageResult {
  sessions: { session: ReconnectSession; position: KeyRecord }[];
  hasMore: boolean;
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

  /** The table this repository writes, for transaction actions that other domains build (health roll-ups). */
  get tableName(): string {
    return this.table.tableName;
  }

  /** A session by id (batched and cached per request). */
  get(sessionId: string): Promise<ReconnectSession | null> {
    return this.sessions.load(sessionId);
  }

  /** Strongly consistent read, before a conditional write. */
  async getConsistent(sessionId: string): Promise<ReconnectSession | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: sessionKey(sessionId), ConsistentRead: true }),
    );
    return result.Item ? toSession(result.Item) : null;
  }

  /** The id of the couple's IN_PROGRESS session, if any (consistent read of the lock item). */
  async inProgressSessionId(coupleId: string): Promise<string | null> {
    const result = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: inProgressLockKey(coupleId), ConsistentRead: true }),
    );
    return (result.Item?.sessionId as string | undefined) ?? null;
  }

  /**
   * One page of a couple's sessions, newest first (by start, else scheduled
   * time), optionally of one status. ONE Query whatever the length of the
   * history: it starts at `after` (a position from a previous page) and reads
   * `limit + 1` items, the extra one only telling whether more follow.
   */
  async page(coupleId: string, options: { status?: SessionStatus | null; limit: number; after?: KeyRecord }): Promise<SessionPageResult> {
    const byStatus = Boolean(options.status);
    const [pkName, skName, index] = byStatus ? ['gsi2pk', 'gsi2sk', 'gsi2'] : ['gsi1pk', 'gsi1sk', 'gsi1'];
    const partition = options.status ? statusPartition(coupleId, options.status) : historyPartition(coupleId);
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': pkName },
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: options.limit + 1,
        ExclusiveStartKey: options.after
          ? { ...sessionKey(String(options.after.id)), [pkName]: partition, [skName]: String(options.after.s) }
          : undefined,
      }),
    );
    const items = (result.Items ?? []).slice(0, options.limit);
    const sessions = items.map((item) => {
      const session = toSession(item);
      this.sessions.prime(session.id, session);
      return { session, position: { s: String(item[skName]), id: session.id } };
    });
    return { sessions, hasMore: (result.Items?.length ?? 0) > options.limit };
  }

  /** True when `position` has the shape page() hands out (a cursor cannot smuggle another key in). */
  isPosition(position: KeyRecord): boolean {
    const { s, id } = position;
    return Object.keys(position).length === 2 && typeof s === 'string' && typeof id === 'string' && s.endsWith(`#${id}`);
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
   * - `alsoWrite`: other domains' actions that must commit with it (the
   *   outbox event, reminders resolved by a reconnect); a failed condition
   *   among them means "read again and retry".
   * The session itself is written only if it is still as `previous` was read
   * (status and version), or does not exist yet when `previous` is null.
   */
  async save(
    updated: ReconnectSession,
    previous: ReconnectSession | null,
    coupleUpdate?: { couple: Couple; expectedVersion: number },
    alsoWrite: readonly object[] = [],
  ): Promise<SessionWriteOutcome | 'ok'> {
    const { tableName } = this.table;
    const actions: { action: object; onFailure: SessionWriteOutcome }[] = [
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
    if (coupleUpdate) {
      actions.push({ action: this.couples.versionedPut(coupleUpdate.couple, coupleUpdate.expectedVersion), onFailure: 'couple-changed' });
    } else {
      // Every session write commits only while the couple is ACTIVE: a partner
      // leaving between our read and this write makes it fail and re-read.
      actions.push({ action: this.couples.activeCheck(updated.coupleId), onFailure: 'couple-changed' });
    }
    actions.push(...alsoWrite.map((action) => ({ action, onFailure: 'retry' as const })));

    const outcome = await this.transact(actions);
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
  async saveAnswer(answer: PromptAnswer, onFirstAnswer: readonly object[] = []): Promise<SessionWriteOutcome | 'ok'> {
    const sessionUpdate = {
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
      onFailure: 'session-changed' as const,
    };
    const coupleActive = { action: this.couples.activeCheck(answer.coupleId), onFailure: 'couple-changed' as const };
    // The first answer of an author to a prompt carries `onFirstAnswer` (the
    // health roll-up) and may only create the answer item; if it already
    // exists, this is a replacement and is written again without them, so a
    // re-answer never counts twice, even when two replacements race.
    let outcome = await this.transact<SessionWriteOutcome | 'answer-exists'>([
      sessionUpdate,
      coupleActive,
      {
        action: { Put: { TableName: this.table.tableName, Item: answerItem(answer), ConditionExpression: 'attribute_not_exists(pk)' } },
        onFailure: 'answer-exists',
      },
      ...onFirstAnswer.map((action) => ({ action, onFailure: 'retry' as const })),
    ]);
    if (outcome === 'answer-exists') {
      outcome = await this.transact<SessionWriteOutcome>([
        sessionUpdate,
        coupleActive,
        { action: { Put: { TableName: this.table.tableName, Item: answerItem(answer) } }, onFailure: 'retry' },
      ]);
    }
    if (outcome !== 'ok') return outcome;
    this.sessions.clear(answer.sessionId);
    const key = { sessionId: answer.sessionId, promptId: answer.promptId, personId: answer.authorId };
    this.answers.clear(key).prime(key, answer);
    return 'ok';
  }

  /** Runs a transaction and names the first failed condition's outcome (shared/data/transact.ts). */
  private transact<Outcome extends string = SessionWriteOutcome>(actions: LabelledAction<Outcome>[]) {
    return transactWrite<Outcome>(this.table, actions);
  }
}
