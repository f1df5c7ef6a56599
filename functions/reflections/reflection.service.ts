import { createHash } from 'node:crypto';
import { isPartner, type Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { HealthRepository } from '../health/health.repository';
import type { VisiblePromptLookup } from '../prompts/prompt.service';
import { reconnect, type ReminderResolver } from '../reconnect/reconnect';
import { requireActiveCouple } from '../reconnect/active-couple';
import type { ReconnectSession } from '../sessions/session.model';
import type { SessionRepository } from '../sessions/session.repository';
import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/errors';
import { newLocalId } from '../shared/ids/global-id';
import { decodeCursor, encodeCursor, type Page } from '../shared/pagination/cursor';
import { DETAIL_TYPES, newDomainEvent } from '../shared/events/domain-event';
import type { EventOutbox } from '../shared/events/outbox';
import { jitteredPause, retryLostRaces } from '../shared/data/retry';
import type { Clock } from '../shared/time/clock';
import { localDateOf } from '../shared/time/local-days';
import { requirePageSize } from '../shared/validation/validators';
import { isPosition, mergeNewestFirst, pageRange } from './reflection-history';
import { revise, validateNewContent, validateRevision, type NewContentInput, type RevisionInput } from './reflection-input';
import { mayRead, mayReadRevisions, readerIdOf, type ReflectionViewer } from './reflection-visibility';
import type { CareTeamAccess, CoupleViewer } from '../practices/care-team-access';
import { NO_CARE_TRACKING, type CareWatchHook } from '../shared/events/couple-changes';
import { rollupChangesOf, type RollupChange } from '../health/rollup-change';
import { MAX_REVISIONS, type Feeling, type Reflection, type ReflectionRevision } from './reflection.model';
import { historyStreams, type ExtraAction, type ReflectionRepository, type ReflectionWriteOutcome } from './reflection.repository';
import { rollupDelta } from './reflection-rollup';
import { REFLECTABLE_STATUSES, participationEffect } from './session-participation';

export interface WriteReflectionInput extends NewContentInput {
  coupleId: string;
  sessionId?: string | null;
  promptId?: string | null;
}

export interface ReviseReflectionInput extends RevisionInput {
  reflectionId: string;
}

/** The history filter with ids already decoded to local ids. */
export interface ReflectionFilterInput {
  authorId?: string | null;
  sessionId?: string | null;
  feelings?: readonly Feeling[] | null;
  since?: string | null;
  until?: string | null;
}

export interface ListReflectionsInput {
  filter?: ReflectionFilterInput | null;
  first?: number | null;
  after?: string | null;
}

/** How often a write is recomputed after losing a race (re-reading each time) before CONFLICT. */
const MAX_WRITE_ATTEMPTS = 5;
const NOT_A_CURSOR = 'must be a cursor returned by this list';

/** Outcomes of a reflection write that mean "read again and recompute". */
const LOST_RACE: readonly ReflectionWriteOutcome[] = ['reflection-changed', 'session-changed', 'couple-changed', 'retry'];

/**
 * The rules of reflections: who may read them (reflection-visibility.ts),
 * what may be written (reflection-input.ts), revisions without loss, erasure,
 * and history pages that are full and cheap whatever the filter.
 *
 * Reading content needs `reflections:read`, writing `reflections:write`. A
 * reflection the caller may not read does not exist for them: null for
 * queries, NOT_FOUND for mutations; one they may read but did not write is
 * FORBIDDEN to change. No error repeats any reflection's text.
 */
export class ReflectionService {
  constructor(
    private readonly reflections: ReflectionRepository,
    private readonly couples: CoupleRepository,
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    /** Where "reflection shared with the partner" goes, committed with the write (shared/events/outbox.ts). */
    private readonly outbox: EventOutbox,
    /** A reconnect completed by a reflection resolves the couple's open reminders in the same transaction. */
    private readonly reminders: ReminderResolver,
    /** The day's roll-up changes in every reflection write's own transaction. */
    private readonly health: HealthRepository,
    /** Who the caller is to a couple (partner or care team) and the access log. */
    private readonly access: CareTeamAccess,
    /** Care tracking: the drift level is written in each write's own transaction. */
    private readonly care: CareWatchHook<Couple, RollupChange> = NO_CARE_TRACKING,
    /** Checks a prompt id the caller sent as the prompts domain shows it to them. */
    private readonly visiblePrompt: VisiblePromptLookup,
  ) {}

  // ---- reads -------------------------------------------------------------

  /** The reflection if the caller may read it; null otherwise, as if absent. */
  async getVisible(actor: Actor, reflectionId: string): Promise<Reflection | null> {
    requireScope(actor, 'reflections:read');
    const reflection = await this.reflections.get(reflectionId);
    if (!reflection) return null;
    const couple = await this.couples.get(reflection.coupleId);
    const viewer = couple ? await this.access.viewerOf(couple) : null;
    if (!couple || !viewer || !mayRead(reflectionViewer(viewer), reflection, couple.partnerIds)) return null;
    return (await this.access.confirm(viewer, couple.id, 'REFLECTIONS')) ? reflection : null;
  }

  /**
   * A page of the couple's history that the caller may read, newest first.
   * Cost: one Query per stream (one, or one per requested feeling) plus one
   * BatchGetItem for the page's reflections, whatever the history's length
   * and whatever share of it matches the filter.
   */
  async listForCouple(actor: Actor, couple: Couple, input: ListReflectionsInput): Promise<Page<Reflection>> {
    requireScope(actor, 'reflections:read');
    const first = requirePageSize('first', input.first);
    const filter = validateFilter(input.filter ?? {});
    const partition = cursorPartition(couple.id, actor.personId, filter);
    const after = decodeCursor('after', input.after, partition);
    if (after && (Object.keys(after).length !== 1 || !isPosition(after.s))) throw new ValidationError('after', NOT_A_CURSOR);
    const coupleViewer = await this.access.viewerOf(couple);
    if (!coupleViewer) return { items: [], hasNextPage: false };
    const viewer = reflectionViewer(coupleViewer);
    if (viewer.kind === 'careTeam' && viewer.scope !== 'REFLECTIONS') return { items: [], hasNextPage: false };

    const range = pageRange(filter, after?.s as string | undefined);
    const streams = historyStreams(couple.id, readerIdOf(viewer), couple.partnerIds, filter);
    if (!range || streams.length === 0) return { items: [], hasNextPage: false };
    const read = await Promise.all(streams.map((stream) => this.reflections.readStream(stream, range, first + 1)));
    const { entries, hasMore } = mergeNewestFirst(read, first);
    const loaded = await this.reflections.loadMany(entries.map((e) => e.reflectionId));
    const items = entries.flatMap((entry, index) => {
      const reflection = loaded[index];
      // Entries follow sharing in the same transaction; this re-check is defence in depth.
      return reflection && mayRead(viewer, reflection, couple.partnerIds)
        ? [{ node: reflection, cursor: encodeCursor(partition, { s: entry.position }) }]
        : [];
    });
    if (items.length > 0 && !(await this.access.confirm(coupleViewer, couple.id, 'REFLECTIONS'))) return { items: [], hasNextPage: false };
    return { items, hasNextPage: hasMore };
  }

  /** Reflections on `session` that the caller may read, newest first. */
  async forSession(actor: Actor, session: ReconnectSession): Promise<Reflection[]> {
    requireScope(actor, 'reflections:read');
    const couple = await this.couples.get(session.coupleId);
    const coupleViewer = couple ? await this.access.viewerOf(couple) : null;
    if (!couple || !coupleViewer) return [];
    const viewer = reflectionViewer(coupleViewer);
    if (viewer.kind === 'careTeam' && viewer.scope !== 'REFLECTIONS') return [];
    const [stream] = historyStreams(couple.id, readerIdOf(viewer), couple.partnerIds, { sessionId: session.id });
    const entries = await this.reflections.readStream(stream!, {}, Number.POSITIVE_INFINITY);
    const loaded = await this.reflections.loadMany(entries.map((e) => e.reflectionId));
    const visible = loaded.filter((r): r is Reflection => r !== null && mayRead(viewer, r, couple.partnerIds));
    if (visible.length > 0 && !(await this.access.confirm(coupleViewer, couple.id, 'REFLECTIONS'))) return [];
    return visible;
  }

  /**
   * The text of a reflection the caller holds, with `reflections:read`. Write
   * mutations return the reflection too, and a write-only token must not
   * read text through them (e.g. an earlier version, by revising).
   */
  bodyOf(actor: Actor, reflection: Reflection): string {
    requireScope(actor, 'reflections:read');
    return reflection.body;
  }

  /** Earlier versions, newest first, for the author (with `reflections:read`); an empty list for anyone else. */
  async revisionsOf(actor: Actor, reflection: Reflection): Promise<ReflectionRevision[]> {
    requireScope(actor, 'reflections:read');
    if (!mayReadRevisions(viewerOf(actor), reflection)) return [];
    return this.reflections.revisionsOf(reflection.id);
  }

  /**
   * The reflection's couple. The caller already read the reflection, so it
   * may see the couple, but only with `couple:read`: a reflections-only app
   * must not learn the plan, the partners or the reconnect dates this way.
   */
  async coupleOf(actor: Actor, reflection: Reflection): Promise<Couple> {
    requireScope(actor, 'couple:read');
    const couple = await this.couples.get(reflection.coupleId);
    if (!couple) throw new Error(`Reflection ${reflection.id} refers to a missing couple`);
    return couple;
  }

  // ---- writes ------------------------------------------------------------

  /**
   * Writes a reflection of the caller in an ACTIVE couple, optionally on one
   * of its sessions (IN_PROGRESS or COMPLETED) and prompts. One transaction
   * stores it, its list entries and its day's roll-up, makes the author a
   * participant of the session and, when that completes a reconnect after
   * the fact, moves the couple's lastReconnectedAt and next reminder.
   */
  async write(actor: Actor, input: WriteReflectionInput): Promise<Reflection> {
    requireScope(actor, 'reflections:write');
    const content = validateNewContent(input);
    return this.withRetry(async () => {
      const couple = await this.couples.getConsistent(input.coupleId);
      if (!couple || !isPartner(couple, actor)) throw new NotFoundError('Couple', 'input.coupleId');
      requireActiveCouple(couple, WRITES_ARE);
      const session = input.sessionId ? await this.sessionOf(couple, input.sessionId) : null;
      if (input.promptId) await this.checkPrompt(actor, input.promptId, session);

      const now = this.clock.now();
      const createdAt = now.toISOString();
      const reflection: Reflection = {
        ...content,
        id: newLocalId(),
        coupleId: couple.id,
        authorId: actor.personId,
        sessionId: session?.id ?? null,
        promptId: input.promptId ?? null,
        createdAt,
        updatedAt: createdAt,
        version: 1,
        rollupDate: localDateOf(now, couple.plan.timezone),
      };
      const extra: ExtraAction[] = [...this.rollup(reflection, rollupDelta(null, reflection))];
      const effect = session ? participationEffect(session, couple.partnerIds, actor.personId) : null;
      if (session && effect?.addParticipant) extra.push(this.sessions.participationAction(session, actor.personId));
      // A reflection that makes the last partner a participant of a COMPLETED session counts it as a reconnect.
      const reconnected = effect?.reconnectsAt ? reconnect(couple, effect.reconnectsAt, now) : null;
      if (reconnected) {
        extra.push(this.health.reconnectAction(reconnected.rollup));
        extra.push(...this.reminders.resolveActions(reconnected.resolvedReminderIds, now));
      }
      extra.push(
        reconnected?.couple ? this.couples.saveAction(reconnected.couple, couple.version) : this.couples.activeCheckAction(couple.id),
      );

      const shared = reflection.sharing.partner ? sharedEvent(reflection, now) : null;
      if (shared) extra.push(this.outbox.putAction(shared));
      const care = await this.care.stepFor({
        couple: reconnected?.couple ?? couple,
        rollups: rollupChangesOf(extra),
        ownActions: this.reflections.createSize(reflection, couple.partnerIds) + extra.length,
      });
      extra.push(...care.actions);

      const outcome = await this.reflections.create(reflection, couple.partnerIds, extra);
      if (outcome !== 'ok') return outcome;
      if (reconnected?.couple) this.couples.remember(reconnected.couple);
      if (shared) await this.outbox.publishCommitted([shared]);
      await care.committed();
      return reflection;
    });
  }

  /**
   * Revises the caller's own reflection from `expectedVersion`. The previous
   * version becomes an append-only revision in the same transaction; a stale
   * expectedVersion (or losing a race from the same version) is CONFLICT.
   */
  async revise(actor: Actor, input: ReviseReflectionInput): Promise<Reflection> {
    requireScope(actor, 'reflections:write');
    const { expectedVersion, changes } = validateRevision(input);
    return this.withRetry(async () => {
      const { reflection, couple } = await this.ownReflection(actor, input.reflectionId, 'revise');
      requireActiveCouple(couple, WRITES_ARE);
      if (reflection.version !== expectedVersion) {
        throw new ConflictError(
          `The reflection is at version ${reflection.version}, not ${expectedVersion}: read it again and revise that version`,
          { currentVersion: reflection.version },
        );
      }
      if (reflection.version - 1 >= MAX_REVISIONS) {
        throw new ConflictError(`A reflection keeps at most ${MAX_REVISIONS} revisions; write a new reflection instead`, {
          maxRevisions: MAX_REVISIONS,
        });
      }
      const now = this.clock.now();
      const { revised, revision } = revise(reflection, changes, now.toISOString());
      // Only the moment a reflection becomes visible to the partner is news; edits of a shared one are not.
      const shared = !reflection.sharing.partner && revised.sharing.partner ? sharedEvent(revised, now) : null;
      const rollup = this.rollup(reflection, rollupDelta(reflection, revised));
      const extra = [...rollup, this.couples.activeCheckAction(couple.id), ...(shared ? [this.outbox.putAction(shared)] : [])];
      const care = await this.care.stepFor({
        couple,
        rollups: rollupChangesOf(rollup),
        ownActions: this.reflections.reviseSize(revised, reflection, revision, couple.partnerIds) + extra.length,
      });
      const outcome = await this.reflections.revise(revised, reflection, revision, couple.partnerIds, [...extra, ...care.actions]);
      if (outcome !== 'ok') return outcome;
      if (shared) await this.outbox.publishCommitted([shared]);
      await care.committed();
      return revised;
    });
  }

  /**
   * Erases the caller's own reflection and every revision, atomically. Allowed
   * after the couple ENDED too: the author's right to erasure outlives the couple.
   * A maximal reflection takes 96 actions of its own; when the care watch's
   * actions would push the transaction past 100, the care tracking
   * re-evaluates the watch right after instead (drift-tracker.ts), so the
   * author can always erase, whatever care teams the couple has.
   */
  async delete(actor: Actor, reflectionId: string): Promise<string> {
    requireScope(actor, 'reflections:write');
    return this.withRetry(async () => {
      const { reflection, couple } = await this.ownReflection(actor, reflectionId, 'delete');
      const rollup = this.rollup(reflection, rollupDelta(reflection, null));
      const care = await this.care.stepFor({
        couple,
        rollups: rollupChangesOf(rollup),
        ownActions: this.reflections.removeSize(reflection, couple.partnerIds) + rollup.length,
      });
      const outcome = await this.reflections.remove(reflection, couple.partnerIds, [...rollup, ...care.actions]);
      if (outcome !== 'ok') return outcome;
      await care.committed();
      return reflection.id;
    });
  }

  // ---- helpers -----------------------------------------------------------

  /** The caller's own reflection, read consistently: NOT_FOUND if they may not read it, FORBIDDEN if they only may read it. */
  private async ownReflection(actor: Actor, reflectionId: string, verb: string): Promise<{ reflection: Reflection; couple: Couple }> {
    const reflection = await this.reflections.getConsistent(reflectionId);
    const couple = reflection ? await this.couples.getConsistent(reflection.coupleId) : null;
    if (!reflection || !couple || !mayRead(viewerOf(actor), reflection, couple.partnerIds)) {
      throw new NotFoundError('Reflection', 'input.reflectionId');
    }
    if (reflection.authorId !== actor.personId) throw new ForbiddenError(`Only its author may ${verb} a reflection`);
    return { reflection, couple };
  }

  /** The session a reflection goes on: of this couple (NOT_FOUND otherwise), IN_PROGRESS or COMPLETED (CONFLICT otherwise). */
  private async sessionOf(couple: Couple, sessionId: string): Promise<ReconnectSession> {
    const session = await this.sessions.getConsistent(sessionId);
    if (!session || session.coupleId !== couple.id) throw new NotFoundError('Session', 'input.sessionId');
    if (!REFLECTABLE_STATUSES.includes(session.status)) {
      throw new ConflictError(`The session is ${session.status}; reflections go on an IN_PROGRESS or COMPLETED session`, {
        status: session.status,
      });
    }
    return session;
  }

  /**
   * With a session, the prompt must be one of that session's prompts (the
   * session shows it to its couple, even a practice's homework prompt after
   * the grant ended). Otherwise, and for any other id, it must exist and be
   * one the caller may see (archived ones too): a hidden practice prompt is
   * NOT_FOUND, as an unknown id.
   */
  private async checkPrompt(actor: Actor, promptId: string, session: ReconnectSession | null): Promise<void> {
    if (session?.prompts.some((p) => p.promptId === promptId)) return;
    if (!(await this.visiblePrompt(actor, promptId))) throw new NotFoundError('Prompt', 'input.promptId');
    if (session) throw new ValidationError('input.promptId', 'is not a prompt of this session');
  }

  /** The action that moves the reflection's day in the health roll-up by `delta` (none when nothing changes). */
  private rollup(reflection: Reflection, delta: ReturnType<typeof rollupDelta>): ExtraAction[] {
    const action = this.health.personDayAction(
      { coupleId: reflection.coupleId, date: reflection.rollupDate, personId: reflection.authorId },
      delta,
    );
    return action ? [action] : [];
  }

  /**
   * Runs `attempt` until it returns a result (shared/data/retry.ts); a lost
   * race means read again and recompute, after a short random pause: writes
   * of one partner on one day share a roll-up item, and racing transactions
   * on one item would otherwise keep colliding.
   */
  private withRetry<T>(attempt: () => Promise<T | ReflectionWriteOutcome>): Promise<T> {
    return retryLostRaces<T, ReflectionWriteOutcome>(
      {
        lost: LOST_RACE,
        attempts: MAX_WRITE_ATTEMPTS,
        conflictMessage: 'The reflection changed while this request ran; retry',
        pauseMs: jitteredPause,
      },
      attempt,
    );
  }
}

/** The reflection rule's view of a couple viewer. */
function reflectionViewer(viewer: CoupleViewer): ReflectionViewer {
  return viewer.kind === 'partner' ? viewer : { kind: 'careTeam', personId: viewer.personId, scope: viewer.scope };
}

/** The caller as a partner (write paths: only partners write, and only their own). */
function viewerOf(actor: Actor): ReflectionViewer {
  return { kind: 'partner', personId: actor.personId };
}

/** Reflections are written while the couple is ACTIVE: AWAITING_PARTNER has no partner yet, ENDED is read-only history. */
const WRITES_ARE = {
  ended: 'its history is read-only (you may still delete your own reflections)',
  awaiting: 'reflections start once the second partner joins',
};

/** Rules for the filter itself; ids were decoded by the resolver. */
function validateFilter(filter: ReflectionFilterInput): ReflectionFilterInput {
  if (filter.feelings && filter.feelings.length === 0) {
    throw new ValidationError('filter.feelings', 'must name at least one feeling (omit it for every feeling)');
  }
  if (filter.since && filter.until && filter.since >= filter.until) {
    throw new ValidationError('filter.until', 'must be later than filter.since');
  }
  return { ...filter, feelings: filter.feelings ? [...new Set(filter.feelings)].sort() : null };
}

/**
 * The cursor's partition names the couple, the reader and the filter, so a
 * cursor is refused on any other list instead of paging through it.
 */
function cursorPartition(coupleId: string, readerId: string, filter: ReflectionFilterInput): string {
  const signature = JSON.stringify([
    filter.authorId ?? null,
    filter.sessionId ?? null,
    filter.feelings ?? null,
    filter.since ?? null,
    filter.until ?? null,
  ]);
  return `REFLECTIONS#${coupleId}#${createHash('sha256').update(`${readerId}|${signature}`).digest('base64url').slice(0, 22)}`;
}

/** Reconnect.ReflectionShared: ids and the instant only, never the body (shared/events/domain-event.ts). */
function sharedEvent(reflection: Reflection, at: Date) {
  return newDomainEvent({
    type: DETAIL_TYPES.reflectionShared,
    coupleId: reflection.coupleId,
    occurredAt: at,
    data: {
      reflectionId: reflection.id,
      ...(reflection.sessionId ? { sessionId: reflection.sessionId } : {}),
      sharedAt: at.toISOString(),
    },
  });
}
