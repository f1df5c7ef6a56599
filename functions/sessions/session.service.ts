import { isPartner, type Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { HealthRepository } from '../health/health.repository';
import type { Person } from '../people/person.model';
import type { PersonRepository } from '../people/person.repository';
import type { RandomSource } from '../prompts/prompt-draw';
import { matchesFilter, requireThemesIfGiven, type Prompt, type PromptDepth, type PromptTheme } from '../prompts/prompt.model';
import type { PromptRepository } from '../prompts/prompt.repository';
import type { VisiblePromptLookup } from '../prompts/prompt.service';
import { requireActiveCouple } from '../reconnect/active-couple';
import { reconnect, sessionReminderDone, type ReminderResolver } from '../reconnect/reconnect';
import { requireScope, type Actor } from '../shared/auth/actor';
import { jitteredPause, retryLostRaces } from '../shared/data/retry';
import type { LabelledAction } from '../shared/data/transaction';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { newLocalId, toGlobalId } from '../shared/ids/global-id';
import type { Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { requireIntInRange, requirePageSize, requireText } from '../shared/validation/validators';
import { DETAIL_TYPES, newDomainEvent } from '../shared/events/domain-event';
import type { EventOutbox } from '../shared/events/outbox';
import { revealAnswers, type Revealed } from './answer-reveal';
import { NO_ASSIGNMENTS, drawForCouple, type OpenAssignmentSource } from './session-draw';
import type { CareTeamAccess } from '../practices/care-team-access';
import { NO_CARE_TRACKING, type CareWatchHook } from '../shared/events/couple-changes';
import { rollupChangesOf, type RollupChange } from '../health/rollup-change';

/** What happens to homework when a prompt is answered (the assignments domain). */
export interface AnsweredPromptHook {
  completeAnswered(
    coupleId: string,
    sessionId: string,
    promptId: string,
    answeredBy: readonly string[],
    partnerIds: readonly string[],
  ): Promise<void>;
}
import { nextStatus, type SessionAction } from './session-state';
import {
  ANSWER_TEXT,
  MAX_SCHEDULE_DAYS,
  PROMPT_COUNT,
  everyPartnerTookPart,
  type PromptAnswer,
  type ReconnectSession,
  type SessionPromptModel,
  type SessionStatus,
} from './session.model';
import type { SessionRepository, SessionWriteOutcome } from './session.repository';

export interface ScheduleSessionInput {
  coupleId: string;
  scheduledFor: string;
}

export interface StartSessionInput {
  coupleId: string;
  /** Start this SCHEDULED session instead of a new one. */
  sessionId?: string | null;
  promptCount?: number | null;
  themes?: readonly PromptTheme[] | null;
  depth?: PromptDepth | null;
}

export interface AnswerPromptInput {
  sessionId: string;
  promptId: string;
  text: string;
}

export interface ListSessionsInput {
  status?: SessionStatus | null;
  first?: number | null;
  after?: string | null;
}

/** How often a write is recomputed after losing a race (re-reading each time) before CONFLICT. */
const MAX_WRITE_ATTEMPTS = 5;
/** Outcomes of a session write that mean "read again and recompute". */
const LOST_RACE: readonly SessionWriteOutcome[] = ['session-changed', 'in-progress-exists', 'couple-changed', 'retry'];
const DAY_MS = 86_400_000;
/** Sessions change only while the couple is ACTIVE: AWAITING_PARTNER has no partner yet, ENDED is read-only history. */
const CHANGES_ARE = { ended: 'its history is read-only', awaiting: 'sessions start once the second partner joins' };

/**
 * The rules of reconnect sessions: who may see and change them, the state
 * machine (session-state.ts), drawing prompts (prompt-draw.ts), answer-then-
 * reveal (answer-reveal.ts), one IN_PROGRESS session per couple, and the
 * couple's reconnect bookkeeping when a session completes.
 *
 * Only partners of a session's couple see it; to everyone else it does not
 * exist (null for queries, NOT_FOUND for mutations). Former partners of an
 * ENDED couple still read its history; only an ACTIVE couple's partners
 * change anything.
 */
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly couples: CoupleRepository,
    private readonly people: PersonRepository,
    private readonly prompts: PromptRepository,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    /** Where "session completed" goes, committed with the completion (shared/events/outbox.ts). */
    private readonly outbox: EventOutbox,
    /** A reconnect resolves the couple's open reminders in the completion's transaction. */
    private readonly reminders: ReminderResolver,
    /** Answers and reconnects count in the health roll-ups, in the same transaction. */
    private readonly health: HealthRepository,
    /** Who the caller is to a couple (partner or care team) and the access log. */
    private readonly access: CareTeamAccess,
    /** Open care-team assignments, drawn first. */
    private readonly assigned: OpenAssignmentSource = NO_ASSIGNMENTS,
    /** Marks homework DONE once every partner answered its prompt. */
    private readonly homework: AnsweredPromptHook,
    /** Care tracking: the drift level is written in each write's own transaction. */
    private readonly care: CareWatchHook<Couple, RollupChange> = NO_CARE_TRACKING,
    /** Checks a prompt id the caller sent as the prompts domain shows it to them. */
    private readonly visiblePrompt: VisiblePromptLookup,
  ) {}

  // ---- reads -------------------------------------------------------------

  /**
   * The session if the caller is one of its couple's partners, or on the
   * care team of a practice with an active grant (times and statuses: any
   * scope; the read is logged as SESSIONS first); null otherwise, as if absent.
   */
  async getVisible(actor: Actor, sessionId: string): Promise<ReconnectSession | null> {
    requireScope(actor, 'couple:read');
    const session = await this.sessions.get(sessionId);
    if (!session) return null;
    const couple = await this.couples.get(session.coupleId);
    const viewer = couple ? await this.access.viewerOf(couple) : null;
    if (!viewer) return null;
    return (await this.access.confirm(viewer, session.coupleId, 'SESSIONS')) ? session : null;
  }

  /**
   * A page of the couple's sessions, newest first (by start, else scheduled
   * time). The cursor names the couple and the status filter, so a cursor of
   * another list is refused rather than read elsewhere.
   */
  async listForCouple(actor: Actor, couple: Couple, input: ListSessionsInput): Promise<Page<ReconnectSession>> {
    requireScope(actor, 'couple:read');
    const first = requirePageSize('first', input.first);
    const viewer = await this.access.viewerOf(couple);
    if (!viewer) return { items: [], hasNextPage: false };
    const page = await this.sessions.page(couple.id, { status: input.status, first, after: input.after });
    if (!(await this.access.confirm(viewer, couple.id, 'SESSIONS'))) return { items: [], hasNextPage: false };
    return page;
  }

  /** The session's couple (the caller already saw the session, so it sees the couple). */
  async coupleOf(session: ReconnectSession): Promise<Couple> {
    const couple = await this.couples.get(session.coupleId);
    if (!couple) throw new Error(`Session ${session.id} refers to a missing couple`);
    return couple;
  }

  /** The session's prompts in their order. */
  promptsOf(session: ReconnectSession): SessionPromptModel[] {
    return session.prompts.map((p) => ({ session, position: p.position, promptId: p.promptId }));
  }

  /** The prompt behind a session prompt (archived prompts and practices' prompts still resolve). */
  async promptOf(sessionPrompt: SessionPromptModel): Promise<Prompt> {
    const prompt = await this.prompts.load(sessionPrompt.promptId);
    if (!prompt) throw new Error(`Session ${sessionPrompt.session.id} refers to unknown prompt ${sessionPrompt.promptId}`);
    return prompt;
  }

  /** The answers to this prompt that the caller may read (answer-then-reveal). */
  async visibleAnswers(actor: Actor, sessionPrompt: SessionPromptModel): Promise<PromptAnswer[]> {
    // Answer text is as private as a reflection (contract README, "Scopes"): a couple-only token sees the prompts, not what was said.
    requireScope(actor, 'reflections:read');
    return (await this.reveal(sessionPrompt)).answers;
  }

  /** Partners who have not answered this prompt yet. */
  async waitingOn(sessionPrompt: SessionPromptModel): Promise<Person[]> {
    const { waitingOnIds } = await this.reveal(sessionPrompt);
    const people = await Promise.all(waitingOnIds.map((id) => this.partner(sessionPrompt.session.coupleId, id)));
    return people.filter((p): p is Person => p !== null);
  }

  /** True when every partner took part (answered a prompt; reflections later). */
  async bothParticipated(session: ReconnectSession): Promise<boolean> {
    return everyPartnerTookPart(session, (await this.coupleOf(session)).partnerIds);
  }

  /**
   * A partner of the couple, by id. The first lookup loads every partner in
   * one batch, so a session's startedBy, answer authors and waitingOn cost
   * one request together, however many prompts the session has.
   */
  async partner(coupleId: string, personId: string): Promise<Person | null> {
    const couple = await this.couples.get(coupleId);
    if (!couple?.partnerIds.includes(personId)) return null;
    const partners = await Promise.all(couple.partnerIds.map((id) => this.people.get(id)));
    return partners.find((p) => p?.id === personId) ?? null;
  }

  // ---- writes ------------------------------------------------------------

  /** Schedules a session for a future instant (at most MAX_SCHEDULE_DAYS ahead). */
  async schedule(actor: Actor, input: ScheduleSessionInput): Promise<ReconnectSession> {
    requireScope(actor, 'couple:write');
    const now = this.clock.now();
    const scheduledFor = validateScheduledFor(input.scheduledFor, now);
    return this.withRetry(async () => {
      const couple = await this.partnerCouple(actor, input.coupleId);
      const session: ReconnectSession = { ...newSession(couple, now), scheduledFor };
      const outcome = await this.sessions.save(session, null);
      return outcome === 'ok' ? session : outcome;
    });
  }

  /**
   * Starts a session now: a new one, or the SCHEDULED one named by
   * `sessionId`. Its prompts are drawn at this moment. The couple's lock item
   * is written in the same transaction, so of concurrent starts exactly one
   * wins; the others get CONFLICT with the winner's id.
   */
  async start(actor: Actor, input: StartSessionInput): Promise<ReconnectSession> {
    requireScope(actor, 'couple:write');
    const count = requireIntInRange('input.promptCount', input.promptCount ?? PROMPT_COUNT.default, PROMPT_COUNT.min, PROMPT_COUNT.max);
    const pool = this.drawPool(input);
    const now = this.clock.now();
    const startedFields = { status: 'IN_PROGRESS' as const, startedAt: now.toISOString(), startedBy: actor.personId };

    const scheduledId = input.sessionId;
    if (scheduledId) {
      return this.change(actor, scheduledId, 'start', { coupleId: input.coupleId }, async (scheduled, couple) => {
        const started: ReconnectSession = {
          ...scheduled,
          ...startedFields,
          prompts: await this.draw(couple, pool, count),
          version: scheduled.version + 1,
        };
        return this.startOutcome(started, scheduled, this.upcomingReminderResolution(scheduled, couple, now));
      });
    }
    return this.withRetry(async () => {
      const couple = await this.partnerCouple(actor, input.coupleId);
      const session: ReconnectSession = { ...newSession(couple, now), ...startedFields, prompts: await this.draw(couple, pool, count) };
      return this.startOutcome(session, null);
    });
  }

  /**
   * Stores the caller's answer to one prompt of an IN_PROGRESS session
   * (replacing their previous answer to it) and returns that session prompt.
   * Unknown prompt ids (and practice prompts the caller may not see) are
   * NOT_FOUND; a prompt they see that is not part of this session is
   * BAD_USER_INPUT.
   */
  async answer(actor: Actor, input: AnswerPromptInput): Promise<SessionPromptModel> {
    requireScope(actor, 'couple:write');
    const text = requireText('input.text', input.text, ANSWER_TEXT.min, ANSWER_TEXT.max);
    return this.change(actor, input.sessionId, 'answer', {}, async (session, couple) => {
      const ref = session.prompts.find((p) => p.promptId === input.promptId);
      if (!ref) {
        // A practice prompt hidden from the caller answers as an unknown id, not as "not in this session".
        if (!(await this.visiblePrompt(actor, input.promptId))) throw new NotFoundError('Prompt', 'input.promptId');
        throw new ValidationError('input.promptId', 'is not a prompt of this session');
      }
      const answer: PromptAnswer = {
        sessionId: session.id,
        coupleId: session.coupleId,
        promptId: ref.promptId,
        authorId: actor.personId,
        text,
        answeredAt: this.clock.now().toISOString(),
      };
      // A partner's first answer to a prompt counts in the couple's participation (health), and so in its drift
      // level, written with it (a replacement of their own answer changes neither, so it carries neither).
      const rollup = this.health.answerAction({
        coupleId: couple.id,
        personId: answer.authorId,
        answeredAt: answer.answeredAt,
        timezone: couple.plan.timezone,
      });
      const care = await this.care.stepFor({ couple, rollups: rollupChangesOf([rollup]) });
      const outcome = await this.sessions.saveAnswer(answer, [rollup, ...care.actions]);
      if (outcome !== 'first-answer' && outcome !== 'replaced') return outcome;
      if (outcome === 'first-answer') await care.committed();
      // After the commit, from a consistent read: of two partners answering at once, the later sees both.
      const answeredBy = await this.sessions.authorsOfAnswers(session.id, ref.promptId);
      await this.homework.completeAnswered(couple.id, session.id, ref.promptId, answeredBy, couple.partnerIds);
      const participantIds = [...new Set([...session.participantIds, actor.personId])].sort();
      return { session: { ...session, participantIds, version: session.version + 1 }, position: ref.position, promptId: ref.promptId };
    });
  }

  /**
   * Completes an IN_PROGRESS session. When every partner took part, the
   * couple's lastReconnectedAt and next reminder move in the same transaction
   * (never one without the other), and so do its open reminders (RESOLVED)
   * and the run of unanswered ones (back to 0). A concurrent answer, couple
   * change or new reminder makes the transaction fail and the whole decision
   * is recomputed from fresh reads. Every completion puts
   * Reconnect.SessionCompleted on the bus through the outbox.
   */
  async complete(actor: Actor, sessionId: string): Promise<ReconnectSession> {
    return this.change(actor, sessionId, 'complete', {}, async (session, couple) => {
      const now = this.clock.now();
      const completedAt = now.toISOString();
      const completed: ReconnectSession = { ...session, status: 'COMPLETED', completedAt, version: session.version + 1 };
      // Every partner took part: a reconnect (functions/reconnect/reconnect.ts), in this same transaction.
      const reconnected = everyPartnerTookPart(session, couple.partnerIds) ? reconnect(couple, completedAt, now) : null;
      const coupleUpdate = reconnected?.couple ? { couple: reconnected.couple, expectedVersion: couple.version } : undefined;
      const event = newDomainEvent({
        type: DETAIL_TYPES.sessionCompleted,
        coupleId: session.coupleId,
        occurredAt: now,
        data: { sessionId: session.id, completedAt },
      });
      const rollup = reconnected ? [this.health.reconnectAction(reconnected.rollup)] : [];
      const care = await this.care.stepFor({ couple: reconnected?.couple ?? couple, rollups: rollupChangesOf(rollup) });
      const outcome = await this.sessions.save(completed, session, coupleUpdate, [
        ...rollup,
        ...(reconnected ? this.reminders.resolveActions(reconnected.resolvedReminderIds, now) : []),
        this.outbox.putAction(event),
        ...care.actions,
      ]);
      if (outcome !== 'ok') return outcome;
      await this.outbox.publishCommitted([event]);
      await care.committed();
      return completed;
    });
  }

  /** Cancels a SCHEDULED or IN_PROGRESS session (an IN_PROGRESS one frees the couple to start another). */
  async cancel(actor: Actor, sessionId: string): Promise<ReconnectSession> {
    return this.change(actor, sessionId, 'cancel', {}, async (session, couple) => {
      const now = this.clock.now();
      const cancelled: ReconnectSession = {
        ...session,
        status: 'CANCELLED',
        cancelledAt: now.toISOString(),
        version: session.version + 1,
      };
      const { coupleUpdate, actions } = this.upcomingReminderResolution(session, couple, now);
      const outcome = await this.sessions.save(cancelled, session, coupleUpdate, actions);
      return outcome === 'ok' ? cancelled : outcome;
    });
  }

  // ---- helpers -----------------------------------------------------------

  private async reveal(sessionPrompt: SessionPromptModel): Promise<Revealed<PromptAnswer>> {
    const couple = await this.couples.get(sessionPrompt.session.coupleId);
    const viewer = couple ? await this.access.viewerOf(couple) : null;
    if (!couple || !viewer) return { answers: [], waitingOnIds: [] };
    // All answers of the session in one batched read; the reveal rule then filters per prompt.
    const answers = await this.sessions.answersOf(sessionPrompt.session, couple.partnerIds);
    const revealed = revealAnswers(
      viewer.kind === 'partner' ? viewer : { kind: 'careTeam', personId: viewer.personId, scope: viewer.scope },
      couple.partnerIds,
      answers.filter((a) => a.promptId === sessionPrompt.promptId),
    );
    // A care-team read of answer text is logged (ANSWERS) before any is returned.
    if (revealed.answers.length > 0 && !(await this.access.confirm(viewer, couple.id, 'ANSWERS'))) return { answers: [], waitingOnIds: [] };
    return revealed;
  }

  /** The library prompts a draw may pick from: not archived, within the themes and depth asked for. */
  private drawPool(input: Pick<StartSessionInput, 'themes' | 'depth'>): Prompt[] {
    requireThemesIfGiven('input.themes', input.themes);
    const pool = this.prompts.library().filter((p) => matchesFilter(p, { themes: input.themes, depth: input.depth }));
    if (pool.length === 0) throw new ValidationError('input.themes', 'no prompt matches these themes and depth');
    return pool;
  }

  /** Draws the prompts of a session starting now, from the couple's recent history (one Query). */
  private async draw(couple: Couple, pool: Prompt[], count: number): Promise<ReconnectSession['prompts']> {
    const drawn = await drawForCouple(
      { sessions: this.sessions, prompts: this.prompts, random: this.random, assigned: this.assigned },
      couple.id,
      pool,
      count,
    );
    return drawn.map((prompt, index) => ({ position: index + 1, promptId: prompt.id }));
  }

  /**
   * A SESSION_UPCOMING reminder has done its job once its session starts or
   * is cancelled (functions/reconnect/reconnect.ts): it is resolved in the
   * same transaction, and leaves the couple's open reminders (so the couple
   * write is version-checked).
   */
  private upcomingReminderResolution(session: ReconnectSession, couple: Couple, now: Date): SessionSideEffects {
    const done = sessionReminderDone(couple, session.id);
    if (!done) return { coupleUpdate: undefined, actions: [] };
    return {
      coupleUpdate: { couple: done.couple, expectedVersion: couple.version },
      actions: this.reminders.resolveActions(done.resolvedReminderIds, now),
    };
  }

  private async startOutcome(
    session: ReconnectSession,
    previous: ReconnectSession | null,
    upcoming: SessionSideEffects = { actions: [] },
  ): Promise<ReconnectSession | SessionWriteOutcome> {
    const outcome = await this.sessions.save(session, previous, upcoming.coupleUpdate, upcoming.actions);
    if (outcome === 'ok') return session;
    if (outcome === 'in-progress-exists') {
      const current = await this.sessions.inProgressSessionId(session.coupleId);
      throw new ConflictError('The couple already has an IN_PROGRESS session; complete or cancel it first', {
        ...(current ? { sessionId: toGlobalId('ReconnectSession', current) } : {}),
      });
    }
    return outcome;
  }

  /** The couple for a write: the caller must be a partner (NOT_FOUND otherwise) of an ACTIVE couple (CONFLICT otherwise). */
  private async partnerCouple(actor: Actor, coupleId: string): Promise<Couple> {
    const couple = await this.couples.getConsistent(coupleId);
    if (!couple || !isPartner(couple, actor)) throw new NotFoundError('Couple', 'input.coupleId');
    requireActiveCouple(couple, CHANGES_ARE);
    return couple;
  }

  /**
   * Applies `action` to an existing session: reads session and couple
   * consistently, checks visibility (NOT_FOUND), the couple (ACTIVE) and the
   * state machine (CONFLICT naming the status), then lets `write` attempt a
   * conditional write, starting over when another writer got there first.
   */
  private async change<T>(
    actor: Actor,
    sessionId: string,
    action: SessionAction,
    expect: { coupleId?: string },
    write: (session: ReconnectSession, couple: Couple) => Promise<T | SessionWriteOutcome>,
  ): Promise<T> {
    requireScope(actor, 'couple:write');
    return this.withRetry(async () => {
      const session = await this.sessions.getConsistent(sessionId);
      const couple = session ? await this.couples.getConsistent(session.coupleId) : null;
      if (!session || !couple || !isPartner(couple, actor)) throw new NotFoundError('Session', 'input.sessionId');
      if (expect.coupleId !== undefined && session.coupleId !== expect.coupleId) {
        throw new NotFoundError('Session', 'input.sessionId');
      }
      requireActiveCouple(couple, CHANGES_ARE);
      nextStatus(session.status, action);
      return write(session, couple);
    });
  }

  /** Runs `attempt` until it returns a result; a lost race (an outcome) means read again and recompute (shared/data/retry.ts). */
  private withRetry<T>(attempt: () => Promise<T | SessionWriteOutcome>): Promise<T> {
    return retryLostRaces<T, SessionWriteOutcome>(
      {
        lost: LOST_RACE,
        attempts: MAX_WRITE_ATTEMPTS,
        conflictMessage: 'The session changed while this request ran; retry',
        // Both partners' writes meet on the couple's care watch: a jittered pause keeps racing retries apart.
        pauseMs: jitteredPause,
      },
      attempt,
    );
  }
}

/** What must commit with a session write besides the session: a couple write, other domains' actions. */
interface SessionSideEffects {
  coupleUpdate?: { couple: Couple; expectedVersion: number };
  actions: LabelledAction[];
}

function newSession(couple: Couple, now: Date): ReconnectSession {
  return {
    id: newLocalId(),
    coupleId: couple.id,
    status: 'SCHEDULED',
    createdAt: now.toISOString(),
    scheduledFor: null,
    startedAt: null,
    completedAt: null,
    cancelledAt: null,
    startedBy: null,
    prompts: [],
    participantIds: [],
    version: 1,
  };
}

/** A future instant, at most MAX_SCHEDULE_DAYS ahead, normalized to UTC. */
function validateScheduledFor(value: string, now: Date): string {
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new ValidationError('input.scheduledFor', 'must be an RFC 3339 instant');
  if (at <= now.getTime()) throw new ValidationError('input.scheduledFor', 'must be in the future');
  if (at > now.getTime() + MAX_SCHEDULE_DAYS * DAY_MS) {
    throw new ValidationError('input.scheduledFor', `must be at most ${MAX_SCHEDULE_DAYS} days ahead`);
  }
  return new Date(at).toISOString();
}
