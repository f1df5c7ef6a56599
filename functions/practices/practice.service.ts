import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import { displayNameFromToken } from '../people/display-name';
import { ERASED_DISPLAY_NAME, type Person } from '../people/person.model';
import type { PersonRepository } from '../people/person.repository';
import { requireScope, type Actor } from '../shared/auth/actor';
import { ConflictError, ForbiddenError, NotFoundError } from '../shared/errors';
import { jitteredPause, retryLostRaces } from '../shared/data/retry';
import { newLocalId } from '../shared/ids/global-id';
import type { Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { NO_CARE_TRACKING, type CareWatchHook } from '../shared/events/couple-changes';
import { text } from '../shared/validation/text';
import { requirePageSize } from '../shared/validation/validators';
import type { AccessLogRepository } from './access-log.repository';
import { emptyGrant, isOpen, revoked, withConsent } from './care-scope';
import type { CareTeamAccess } from './care-team-access';
import type { CaseloadOrder } from './caseload';
import type { GrantRepository, GrantWriteOutcome } from './grant.repository';
import {
  MAX_OPEN_GRANTS_PER_COUPLE,
  PRACTICE_NAME,
  type AccessLogEntry,
  type CareGrant,
  type CareScope,
  type CaseloadEntryModel,
  type CaseloadPosition,
  type Practice,
  type PracticeMember,
  type PracticeMembershipModel,
  type PracticeRole,
} from './practice.model';
import type { PracticeRepository } from './practice.repository';

const MAX_WRITE_ATTEMPTS = 5;

/**
 * The rules of practices: membership and roles, the couples' consent
 * (care-scope.ts), the caseload and the access log.
 *
 * A practice exists only for its members: to anyone else it is absent (null,
 * or NOT_FOUND with the same message as an unknown id). A couple's partners
 * see the practices they granted through `Couple.careTeam` (name only: its
 * members, caseload, prompts and webhooks stay the members' business).
 */
export class PracticeService {
  constructor(
    private readonly practices: PracticeRepository,
    private readonly grants: GrantRepository,
    private readonly accessLog: AccessLogRepository,
    private readonly couples: CoupleRepository,
    private readonly people: PersonRepository,
    private readonly access: CareTeamAccess,
    private readonly clock: Clock,
    /** Care tracking: a grant that starts or ends writes the couple's care watch in its own transaction. */
    private readonly care: CareWatchHook<Couple, never, CareGrant, CaseloadPosition> = NO_CARE_TRACKING as CareWatchHook<
      Couple,
      never,
      CareGrant,
      CaseloadPosition
    >,
  ) {}

  // ---- practices and members ---------------------------------------------

  /** The practice if the caller is a member; null otherwise, as if absent. */
  async getVisible(actor: Actor, practiceId: string): Promise<Practice | null> {
    requireScope(actor, 'practice:read');
    const [practice, member] = await Promise.all([this.practices.get(practiceId), this.practices.member(practiceId, actor.personId)]);
    return practice && member ? practice : null;
  }

  /**
   * A practice as a field of something the caller already sees (a grant of
   * their couple, a practice prompt, an assignment): its name is shown, the
   * rest stays members-only.
   */
  async byId(practiceId: string): Promise<Practice> {
    const practice = await this.practices.get(practiceId);
    if (!practice) throw new Error(`Practice ${practiceId} is referenced but missing`);
    return practice;
  }

  /** The caller's memberships, oldest first. */
  async memberships(actor: Actor): Promise<PracticeMembershipModel[]> {
    requireScope(actor, 'practice:read');
    const members = await this.practices.membershipsOf(actor.personId);
    const practices = await Promise.all(members.map((m) => this.practices.get(m.practiceId)));
    return members.flatMap((member, index) => {
      const practice = practices[index];
      return practice ? [{ practice, role: member.role }] : [];
    });
  }

  /** The caller's role in the practice, or null when not a member. */
  async roleOf(actor: Actor, practiceId: string): Promise<PracticeRole | null> {
    return (await this.practices.member(practiceId, actor.personId))?.role ?? null;
  }

  /** The members, for members only (an empty list for anyone else who holds the practice). */
  async members(actor: Actor, practice: Practice): Promise<PracticeMember[]> {
    // Membership before scope: a partner who sees the practice through a grant gets the same empty
    // list with any token (a FORBIDDEN on this non-null field would null the whole couple above it).
    if (!(await this.practices.member(practice.id, actor.personId))) return [];
    requireScope(actor, 'practice:read');
    return this.practices.membersOf(practice.id);
  }

  /** Creates a practice; the caller becomes its first ADMIN. */
  async create(actor: Actor, input: { name: string }): Promise<Practice> {
    requireScope(actor, 'practice:write');
    const name = text('input.name', input.name, { min: PRACTICE_NAME.min, max: PRACTICE_NAME.max, singleLine: true });
    const practice: Practice = { id: newLocalId(), name, createdAt: this.clock.now().toISOString(), adminCount: 1, caseloadCount: 0 };
    // The creator is listed as a member (Person!): make sure their person record exists (idempotent).
    await this.people.ensure(actor.personId, displayNameOf(actor), practice.createdAt);
    const outcome = await this.practices.create(practice, { personId: actor.personId });
    if (outcome !== 'ok') throw new ConflictError('The practice could not be created; retry');
    this.people.forget(actor.personId);
    return practice;
  }

  /** Adds a member, or changes a member's role. ADMIN only; demoting the last ADMIN is CONFLICT. */
  async addMember(actor: Actor, input: { practiceId: string; personId: string; role: PracticeRole }): Promise<Practice> {
    requireScope(actor, 'practice:write');
    return this.asAdmin(actor, input.practiceId, async () => {
      const person = await this.people.getConsistent(input.personId);
      if (!person) throw new NotFoundError('Person', 'input.personId');
      const previous = await this.practices.memberConsistent(input.practiceId, input.personId);
      if (previous?.role === input.role) return 'done';
      const member: PracticeMember = {
        practiceId: input.practiceId,
        personId: input.personId,
        role: input.role,
        addedAt: previous?.addedAt ?? this.clock.now().toISOString(),
      };
      return this.practices.putMember(member, previous);
    });
  }

  /** Removes a member. ADMIN only; the last ADMIN cannot be removed (CONFLICT). */
  async removeMember(actor: Actor, input: { practiceId: string; personId: string }): Promise<Practice> {
    requireScope(actor, 'practice:write');
    return this.asAdmin(actor, input.practiceId, async () => {
      const member = await this.practices.memberConsistent(input.practiceId, input.personId);
      if (!member) throw new NotFoundError('Member', 'input.personId');
      return this.practices.removeMember(member);
    });
  }

  // ---- consent -------------------------------------------------------------

  /**
   * The caller grants the practice access to their couple with `scope`.
   * Active once every partner granted; the narrowest scope wins; granting
   * again replaces only the caller's own consent. Two partners granting at
   * once are ordered by the grant's version: the loser re-reads and adds its
   * consent to the winner's, so the grant ends active.
   */
  async grant(actor: Actor, input: { coupleId: string; practiceId: string; scope: CareScope }): Promise<CareGrant> {
    requireScope(actor, 'couple:write');
    return this.grantWrite(actor, input.coupleId, async (couple) => {
      if (couple.status !== 'ACTIVE') {
        throw new ConflictError(`The couple is ${couple.status}; care teams are granted by both partners of an ACTIVE couple`, {
          status: couple.status,
        });
      }
      if (!(await this.practices.get(input.practiceId))) throw new NotFoundError('Practice', 'input.practiceId');
      const previous = (await this.grants.getConsistent(couple.id, input.practiceId)) ?? emptyGrant(couple.id, input.practiceId);
      const now = this.clock.now().toISOString();
      const consented = withConsent(previous, { personId: actor.personId, scope: input.scope, grantedAt: now }, couple.partnerIds, true);
      // Becoming active puts the couple on the caseload: its care watch and position are written with the grant.
      const starts = consented.active && (!previous.active || !previous.caseload);
      if (!isOpen(previous)) await this.requireRoomForGrant(couple.id, input.practiceId, false);
      const care = starts ? await this.care.stepFor({ couple, grants: [consented] }) : null;
      // Counted after the care step read the watch: see requireRoomForGrant.
      if (starts && !previous.active) await this.requireRoomForGrant(couple.id, input.practiceId, true);
      const updated: CareGrant = { ...consented, caseload: consented.active ? (care?.position ?? previous.caseload) : null };
      const outcome = await this.grants.save(updated, previous, [this.couples.activeCheckAction(couple.id), ...(care?.actions ?? [])]);
      if (outcome !== 'ok') return outcome;
      await care?.committed();
      return updated;
    });
  }

  /**
   * CONFLICT when the couple already has MAX_OPEN_GRANTS_PER_COUPLE other
   * open grants (a first consent) or other active ones (`activating`: the
   * consent that makes a grant active); practice.model.ts says why the
   * limit. Read consistently before the write. An activation commits with
   * the care watch's `rev` condition and counts the grants after its care
   * step read the watch: of two racing, the later either reads the watch the
   * earlier wrote (and then its grant too) or fails that condition and
   * re-reads, so the limit on active grants (what the transaction limits
   * need) is exact. Two first consents to different practices sent at
   * the same instant may both pass; a pending grant costs leaving one action,
   * so that overshoot is harmless, and neither can become active past the limit.
   */
  private async requireRoomForGrant(coupleId: string, practiceId: string, activating: boolean): Promise<void> {
    const others = (await this.grants.grantsOfConsistent(coupleId)).filter((grant) => grant.practiceId !== practiceId);
    const counted = others.filter((grant) => (activating ? grant.active : isOpen(grant)));
    if (counted.length >= MAX_OPEN_GRANTS_PER_COUPLE) {
      throw new ConflictError(
        `A couple can have at most ${MAX_OPEN_GRANTS_PER_COUPLE} care teams granted or awaiting consent; revoke one first`,
        { limit: MAX_OPEN_GRANTS_PER_COUPLE },
      );
    }
  }

  /** Either partner revokes: the grant stops at once for the whole couple (both must grant again). */
  async revoke(actor: Actor, input: { coupleId: string; practiceId: string }): Promise<CareGrant> {
    requireScope(actor, 'couple:write');
    return this.grantWrite(actor, input.coupleId, async (couple) => {
      const previous = await this.grants.getConsistent(couple.id, input.practiceId);
      if (!previous) throw new NotFoundError('Care grant', 'input.practiceId');
      if (previous.partnerGrants.length === 0 && !previous.active) return previous;
      const updated = revoked(previous, actor.personId, this.clock.now().toISOString());
      // Leaving the caseload clears the care watch when no other grant stays active, in the revoke's transaction.
      const care = previous.active ? await this.care.stepFor({ couple, grants: [updated] }) : null;
      const outcome = await this.grants.save(updated, previous, care?.actions ?? []);
      if (outcome !== 'ok') return outcome;
      await care?.committed();
      return updated;
    });
  }

  /** Every practice a partner granted, active or not, for the couple's partners only. */
  async careTeam(actor: Actor, couple: Couple): Promise<CareGrant[]> {
    requireScope(actor, 'couple:read');
    if (!couple.partnerIds.includes(actor.personId)) return [];
    return this.grants.grantsOf(couple.id);
  }

  /** The partners who have granted so far, in the order they did. */
  async grantedBy(grant: CareGrant): Promise<Person[]> {
    const people = await Promise.all(grant.partnerGrants.map((g) => this.people.get(g.personId)));
    return people.filter((p): p is Person => p !== null);
  }

  /** The couples domain's hook: every grant of a couple ends, in the transaction that ends the couple. */
  async actionsOnEnd(coupleId: string, endedAt: string): Promise<object[]> {
    return this.grants.endActions(await this.grants.grantsOfConsistent(coupleId), endedAt);
  }

  // ---- caseload and access log ----------------------------------------------

  /**
   * A page of the practice's caseload in `order`, for members: one Query of
   * the order's index, one BatchGetItem of the page's couples, and one
   * transaction logging that the member read them. Couples whose grant ended
   * meanwhile are left out (their log check failed).
   */
  async caseload(
    actor: Actor,
    practice: Practice,
    input: { orderBy?: CaseloadOrder | null; first?: number | null; after?: string | null },
  ): Promise<Page<CaseloadEntryModel> & { totalCount: number }> {
    const first = requirePageSize('first', input.first);
    // Membership before scope, as in members().
    if (!(await this.practices.member(practice.id, actor.personId))) return { items: [], hasNextPage: false, totalCount: 0 };
    requireScope(actor, 'practice:read');
    const page = await this.grants.caseloadPage(practice.id, input.orderBy ?? 'DRIFT_RISK', first, input.after);
    for (const { node } of page.items) this.access.rememberCaseload(node);
    const couples = await Promise.all(page.items.map(({ node }) => this.couples.get(node.coupleId)));
    const allowed = await Promise.all(
      page.items.map(async ({ node }, index) => {
        const couple = couples[index];
        const viewer = couple ? await this.access.viewerOf(couple) : null;
        return viewer !== null && (await this.access.confirm(viewer, node.coupleId, 'COUPLE'));
      }),
    );
    return {
      items: page.items.filter((_, index) => allowed[index]).map(({ node, cursor }) => ({ node: { grant: node }, cursor })),
      hasNextPage: page.hasNextPage,
      totalCount: practice.caseloadCount,
    };
  }

  /** The couple of a caseload entry (already confirmed and logged by caseload()). */
  async coupleOf(entry: CaseloadEntryModel): Promise<Couple> {
    const couple = await this.couples.get(entry.grant.coupleId);
    if (!couple) throw new Error(`Grant refers to missing couple ${entry.grant.coupleId}`);
    return couple;
  }

  /** Reads of the couple's data by practice members, newest first; partners only. */
  async accessLogOf(actor: Actor, couple: Couple, input: { first?: number | null; after?: string | null }): Promise<Page<AccessLogEntry>> {
    requireScope(actor, 'couple:read');
    const first = requirePageSize('first', input.first);
    if (!couple.partnerIds.includes(actor.personId)) return { items: [], hasNextPage: false };
    return this.accessLog.page(couple.id, first, input.after);
  }

  /** The person behind an access-log entry or a member. */
  async person(personId: string): Promise<Person> {
    const person = await this.people.get(personId);
    // An erased reader keeps only an opaque id in the access log (README "Export and erasure").
    return person ?? { id: personId, displayName: ERASED_DISPLAY_NAME, timezone: null, createdAt: '', activeCoupleId: null };
  }

  // ---- helpers -------------------------------------------------------------

  /** Runs a member write as an ADMIN of the practice: NOT_FOUND for non-members, FORBIDDEN for COUNSELORs. */
  private async asAdmin(actor: Actor, practiceId: string, write: () => Promise<'done' | string>): Promise<Practice> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt += 1) {
      const caller = await this.practices.memberConsistent(practiceId, actor.personId);
      if (!caller) throw new NotFoundError('Practice', 'input.practiceId');
      if (caller.role !== 'ADMIN') throw new ForbiddenError('Only an ADMIN of the practice may manage its members', { role: caller.role });
      const outcome = await write();
      if (outcome === 'last-admin') throw new ConflictError('A practice keeps at least one ADMIN; make another member ADMIN first');
      if (outcome === 'practice-missing') throw new NotFoundError('Practice', 'input.practiceId');
      if (outcome === 'ok' || outcome === 'done') {
        const practice = await this.practices.getConsistent(practiceId);
        if (!practice) throw new NotFoundError('Practice', 'input.practiceId');
        return practice;
      }
    }
    throw new ConflictError('The practice changed while this request ran; retry');
  }

  /** Reads the caller's couple (NOT_FOUND unless a partner) and retries a grant write that lost a race. */
  private async grantWrite(
    actor: Actor,
    coupleId: string,
    write: (couple: Couple) => Promise<CareGrant | GrantWriteOutcome>,
  ): Promise<CareGrant> {
    return retryLostRaces<CareGrant, GrantWriteOutcome>(
      {
        lost: ['grant-changed', 'couple-changed', 'retry'],
        attempts: MAX_WRITE_ATTEMPTS,
        conflictMessage: 'The grant changed while this request ran; retry',
        pauseMs: jitteredPause,
      },
      async () => {
        const couple = await this.couples.getConsistent(coupleId);
        if (!couple || !couple.partnerIds.includes(actor.personId)) throw new NotFoundError('Couple', 'input.coupleId');
        const result = await write(couple);
        if (result === 'practice-missing') throw new NotFoundError('Practice', 'input.practiceId');
        return result;
      },
    );
  }
}

function displayNameOf(actor: Actor): string {
  return displayNameFromToken(actor.tokenName);
}
