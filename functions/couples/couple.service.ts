import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors';
import { newLocalId } from '../shared/ids/global-id';
import type { Clock } from '../shared/time/clock';
import { text } from '../shared/validation/text';
import { requireIntInRange, requireLocalTime, requireTimeZone } from '../shared/validation/validators';
import type { PersonRepository } from '../people/person.repository';
import { displayNameFromToken } from '../people/display-name';
import { scheduleUnder } from '../reconnect/cadence';
import { computeScheduledReminderAt, isPaused } from '../reconnect/schedule';
import { retryLostRaces } from '../shared/data/retry';
import { DEFAULT_PLAN, INVITE_VALIDITY_DAYS, isPartner, type Couple, type Invite } from './couple.model';
import type { CoupleRepository, CoupleWriteOutcome } from './couple.repository';
import { generateInviteCode, normalizeInviteCode } from './invite-code';
import { NO_CARE_TRACKING, type CareWatchHook } from '../shared/events/couple-changes';

export interface UpdatePlanInput {
  sessionsPerMonth?: number | null;
  reminderTime?: string | null;
  timezone?: string | null;
  pausedUntil?: string | null;
}

/**
 * Lets someone other than a partner read a couple: its care team, decided
 * (and logged) by the practices domain. An interface here so that couples
 * does not depend on practices.
 */
export interface CoupleReadGate {
  /** True when the caller (bound to the request) may read the couple as a non-partner; records the read first. */
  mayReadCouple(couple: Couple): Promise<boolean>;
}

const NO_GATE: CoupleReadGate = { mayReadCouple: async () => false };

/** What else ends with a couple, in the same transaction (its care-team grants; the practices domain builds them). */
export interface CoupleEndActions {
  actionsOnEnd(coupleId: string, endedAt: string): Promise<object[]>;
}

const NOTHING_ENDS: CoupleEndActions = { actionsOnEnd: async () => [] };

/** How often a write is retried after losing an optimistic-lock race, before CONFLICT. */
const MAX_WRITE_ATTEMPTS = 4;
/** Outcomes of a couple write that mean "read again and recompute". */
type LostRace = Exclude<CoupleWriteOutcome, 'ok'>;
const LOST_RACE: readonly LostRace[] = ['couple-changed', 'retry', 'person-already-in-couple', 'invite-unavailable'];
/** A pause longer than this is almost certainly a typo (year 2062); ask for a real date. */
const MAX_PAUSE_DAYS = 366;
const UNUSABLE_CODE = 'is unknown, already used or expired';

/**
 * The rules for couples: forming one with an invite, the one-couple-per-person
 * rule, leaving, and the reconnect plan. Authorization is decided here from
 * data: only partners see a couple; to everyone else it does not exist.
 */
export class CoupleService {
  constructor(
    private readonly couples: CoupleRepository,
    private readonly people: PersonRepository,
    private readonly clock: Clock,
    private readonly careTeam: CoupleReadGate = NO_GATE,
    private readonly onEnd: CoupleEndActions = NOTHING_ENDS,
    /** Re-evaluates the couple's drift for its care team after a committed change. */
    /** Care tracking: a plan change and leaving write the drift level in their own transaction. */
    private readonly care: CareWatchHook<Couple> = NO_CARE_TRACKING,
  ) {}

  /**
   * The couple if the caller is (or was) one of its partners, or on the care
   * team of a practice with an active grant; null otherwise, as if absent.
   */
  async getVisible(actor: Actor, coupleId: string): Promise<Couple | null> {
    requireScope(actor, 'couple:read');
    const couple = await this.couples.get(coupleId);
    if (!couple) return null;
    return isPartner(couple, actor) || (await this.careTeam.mayReadCouple(couple)) ? couple : null;
  }

  /** The caller's current (non-ENDED) couple, if any. */
  async current(actor: Actor): Promise<Couple | null> {
    requireScope(actor, 'couple:read');
    const person = await this.people.get(actor.personId);
    if (!person?.activeCoupleId) return null;
    const couple = await this.couples.get(person.activeCoupleId);
    return couple && couple.status !== 'ENDED' && isPartner(couple, actor) ? couple : null;
  }

  /** What the API shows as `nextReminderAt`: null unless ACTIVE and not paused. */
  nextReminderAt(couple: Couple): string | null {
    if (couple.status !== 'ACTIVE' || isPaused(couple.plan, this.clock.now())) return null;
    return couple.scheduledReminderAt;
  }

  /**
   * The open invite, shown to partners (never to a care team) while the
   * couple awaits the second one, and only with `couple:write`: whoever holds
   * the code can join, so a read-only app must not see it.
   */
  openInvite(actor: Actor, couple: Couple): Invite | null {
    requireScope(actor, 'couple:write');
    if (!isPartner(couple, actor) || couple.status !== 'AWAITING_PARTNER' || !couple.invite) return null;
    return Date.parse(couple.invite.expiresAt) > this.clock.now().getTime() ? couple.invite : null;
  }

  /** Creates a couple with the caller as first partner, and its invite. */
  async create(actor: Actor, input: { timezone?: string | null }): Promise<{ couple: Couple; invite: Invite }> {
    requireScope(actor, 'couple:write');
    const person = await this.people.get(actor.personId);
    const timezone = input.timezone ? requireTimeZone('input.timezone', input.timezone) : (person?.timezone ?? 'UTC');
    const now = this.clock.now();
    const coupleId = newLocalId();
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
      const invite = this.newInvite(now);
      const couple: Couple = {
        id: coupleId,
        status: 'AWAITING_PARTNER',
        partnerIds: [actor.personId],
        createdAt: now.toISOString(),
        activatedAt: null,
        endedAt: null,
        plan: { ...DEFAULT_PLAN, timezone },
        lastReconnectedAt: null,
        scheduledReminderAt: null,
        invite,
        version: 1,
      };
      const membership = this.people.joinCoupleAction(actor.personId, couple.id, displayNameOf(actor), couple.createdAt);
      const outcome = await this.couples.create(couple, membership);
      if (outcome === 'ok') {
        this.people.forget(actor.personId);
        return { couple, invite };
      }
      if (outcome === 'person-already-in-couple') throw alreadyInCouple();
      // 'invite-code-taken' (a 1-in-10^14 collision) or 'retry' (lost a race): try again with a fresh code.
    }
    throw new ConflictError('Could not allocate an invite code; retry');
  }

  /** Joins the couple behind an invite code as its second partner; the couple becomes ACTIVE. */
  async join(actor: Actor, input: { code: string }): Promise<Couple> {
    requireScope(actor, 'couple:write');
    const code = normalizeInviteCode(text('input.code', input.code, { max: 64, singleLine: true, trim: true }));
    if (!code) throw new ValidationError('input.code', UNUSABLE_CODE);
    const now = this.clock.now();
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
      const invite = await this.couples.getInvite(code);
      if (!invite || Date.parse(invite.expiresAt) <= now.getTime()) throw new ValidationError('input.code', UNUSABLE_CODE);
      const couple = await this.couples.getConsistent(invite.coupleId);
      if (couple?.status !== 'AWAITING_PARTNER') throw new ValidationError('input.code', UNUSABLE_CODE);
      if (isPartner(couple, actor)) throw new ValidationError('input.code', 'is your own invite; share it with your partner');
      const activatedAt = now.toISOString();
      const joined: Couple = {
        ...couple,
        status: 'ACTIVE',
        partnerIds: [...couple.partnerIds, actor.personId],
        activatedAt,
        invite: null,
        scheduledReminderAt: computeScheduledReminderAt(activatedAt, couple.plan, now),
        version: couple.version + 1,
      };
      const outcome = await this.couples.join(joined, couple, {
        inviteCode: code,
        now: activatedAt,
        membership: this.people.joinCoupleAction(actor.personId, joined.id, displayNameOf(actor), activatedAt),
      });
      if (outcome === 'ok') {
        this.people.forget(actor.personId);
        return joined;
      }
      if (outcome === 'person-already-in-couple') throw alreadyInCouple();
      if (outcome === 'invite-unavailable') throw new ValidationError('input.code', UNUSABLE_CODE);
      // 'couple-changed' (e.g. the invite was renewed meanwhile) or 'retry': read again.
    }
    throw new ValidationError('input.code', UNUSABLE_CODE);
  }

  /** Replaces the couple's invite with a fresh 7-day code; the old one stops working. */
  async renewInvite(actor: Actor, coupleId: string): Promise<Invite> {
    requireScope(actor, 'couple:write');
    return this.writeWithRetry(actor, coupleId, async (couple) => {
      if (couple.status !== 'AWAITING_PARTNER') {
        throw new ConflictError(`The couple is ${couple.status}; only an AWAITING_PARTNER couple has an invite`, {
          status: couple.status,
        });
      }
      const invite = this.newInvite(this.clock.now());
      const outcome = await this.couples.replaceInvite({ ...couple, invite, version: couple.version + 1 }, couple);
      return outcome === 'ok' ? invite : outcome === 'invite-code-taken' ? 'retry' : outcome;
    });
  }

  /** Ends the couple for both partners; its history stays readable by both. */
  async leave(actor: Actor, coupleId: string): Promise<Couple> {
    requireScope(actor, 'couple:write');
    return this.writeWithRetry(actor, coupleId, async (couple) => {
      if (couple.status === 'ENDED') throw endedConflict();
      const ended: Couple = {
        ...couple,
        status: 'ENDED',
        endedAt: this.clock.now().toISOString(),
        scheduledReminderAt: null,
        invite: null,
        version: couple.version + 1,
      };
      const leaving = couple.partnerIds.map((personId) => this.people.leaveCoupleAction(personId, couple.id));
      const ending = (await this.onEnd.actionsOnEnd(couple.id, ended.endedAt as string)).map((action) => ({
        action,
        onFailure: 'retry' as const,
      }));
      // The couple leaves every caseload: its watch is cleared with its grants' end, in this transaction.
      const care = await this.care.stepFor({ couple: ended });
      const outcome = await this.couples.end(ended, couple, leaving, [...ending, ...care.actions]);
      if (outcome !== 'ok') return outcome;
      for (const id of couple.partnerIds) this.people.forget(id);
      await care.committed();
      return ended;
    });
  }

  /** Changes the reconnect plan and moves the next reminder accordingly. */
  async updatePlan(actor: Actor, coupleId: string, input: UpdatePlanInput): Promise<Couple> {
    requireScope(actor, 'couple:write');
    const now = this.clock.now();
    const changes = validatePlanChanges(input, now);
    return this.writeWithRetry(actor, coupleId, async (couple) => {
      if (couple.status === 'ENDED') throw endedConflict();
      const plan = { ...couple.plan, ...changes };
      const updated: Couple = {
        ...couple,
        plan,
        // The first-reminder rule, or the follow-up rule while reminders go unanswered (stopped after three).
        scheduledReminderAt: scheduleUnder(couple, plan, now),
        version: couple.version + 1,
      };
      // A new cadence moves when the couple becomes overdue: its drift level is written with the plan.
      const care = await this.care.stepFor({ couple: updated });
      const outcome = await this.couples.save(updated, couple.version, care.actions);
      if (outcome !== 'ok') return outcome;
      await care.committed();
      return updated;
    });
  }

  /**
   * Reads the couple (consistently), lets `write` decide and attempt a
   * conditional write, and starts over when another writer got there first
   * (shared/data/retry.ts). Nobody's update is lost: each attempt is
   * computed from what is stored.
   */
  private writeWithRetry<T>(actor: Actor, coupleId: string, write: (couple: Couple) => Promise<T | LostRace>): Promise<T> {
    return retryLostRaces<T, LostRace>(
      { lost: LOST_RACE, attempts: MAX_WRITE_ATTEMPTS, conflictMessage: 'The couple changed while this request ran; retry' },
      async () => {
        const couple = await this.couples.getConsistent(coupleId);
        if (!couple || !isPartner(couple, actor)) throw new NotFoundError('Couple', 'input.coupleId');
        return write(couple);
      },
    );
  }

  private newInvite(now: Date): Invite {
    return {
      code: generateInviteCode(),
      expiresAt: new Date(now.getTime() + INVITE_VALIDITY_DAYS * 86_400_000).toISOString(),
    };
  }
}

function displayNameOf(actor: Actor): string {
  return displayNameFromToken(actor.tokenName);
}

function alreadyInCouple(): ConflictError {
  return new ConflictError('You are already in a couple; leave it before starting or joining another');
}

function endedConflict(): ConflictError {
  return new ConflictError('The couple is ENDED; its history is read-only', { status: 'ENDED' });
}

/** Validates the fields given; null means "keep" except for pausedUntil, where it resumes reminders. */
function validatePlanChanges(input: UpdatePlanInput, now: Date): Partial<Couple['plan']> {
  const changes: Partial<Couple['plan']> = {};
  if (input.sessionsPerMonth !== undefined && input.sessionsPerMonth !== null) {
    changes.sessionsPerMonth = requireIntInRange('input.sessionsPerMonth', input.sessionsPerMonth, 1, 30);
  }
  if (input.reminderTime !== undefined && input.reminderTime !== null) {
    changes.reminderTime = requireLocalTime('input.reminderTime', input.reminderTime);
  }
  if (input.timezone !== undefined && input.timezone !== null) {
    changes.timezone = requireTimeZone('input.timezone', input.timezone);
  }
  if (input.pausedUntil !== undefined) {
    const until = input.pausedUntil === null ? null : Date.parse(input.pausedUntil);
    if (until !== null && Number.isNaN(until)) throw new ValidationError('input.pausedUntil', 'must be an RFC 3339 instant');
    if (until !== null && until > now.getTime() + MAX_PAUSE_DAYS * 86_400_000) {
      throw new ValidationError('input.pausedUntil', `must be at most ${MAX_PAUSE_DAYS} days ahead`);
    }
    changes.pausedUntil = until === null || until <= now.getTime() ? null : new Date(until).toISOString();
  }
  return changes;
}
