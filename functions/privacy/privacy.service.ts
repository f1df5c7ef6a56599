import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import type { HealthRepository } from '../health/health.repository';
import type { PersonRepository } from '../people/person.repository';
import type { AssignmentRepository } from '../assignments/assignment.repository';
import type { AccessLogRepository } from '../practices/access-log.repository';
import type { CareTrailRepository } from '../practices/care-trail.repository';
import type { CareWatchRepository } from '../practices/care-watch.repository';
import type { GrantRepository } from '../practices/grant.repository';
import type { PracticeRepository } from '../practices/practice.repository';
import type { ReflectionRepository } from '../reflections/reflection.repository';
import type { ReminderRepository } from '../reminders/reminder.repository';
import type { ReconnectSession } from '../sessions/session.model';
import type { SessionRepository } from '../sessions/session.repository';
import type { WebhookRepository } from '../webhooks/webhook.repository';
import type { Practice } from '../practices/practice.model';
import type { RateLimitRepository } from '../shared/rate-limit/rate-limit.repository';
import { jitteredPause, retryLostRaces } from '../shared/data/retry';
import type { IdempotencyRepository } from '../shared/idempotency/idempotency.repository';
import { ConflictError, ValidationError } from '../shared/errors';
import { toGlobalId } from '../shared/ids/global-id';
import { requireRecentSignIn, requireScope, type Actor } from '../shared/auth/actor';
import type { Page } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { buildExportDocument, type CoupleExportParts } from './export-document';
import type { ErasureRepository } from './erasure.repository';
import type { IdentityDirectory } from './identity-directory';
import { newOpaqueId, practicesBlockingErasure } from './erasure-rules';
import {
  ERASURE_BATCH,
  ERASURE_MAX_SIGN_IN_AGE_SECONDS,
  ERASURE_REQUEST_BUDGET_MS,
  EXPORT_PAGE,
  type DataExportModel,
  type ErasureRecord,
} from './privacy.model';

/** The repositories the export reads, each for its own items (handed in by graphql/request-scope.ts). */
export interface ExportSources {
  people: PersonRepository;
  couples: CoupleRepository;
  sessions: SessionRepository;
  reflections: ReflectionRepository;
  grants: GrantRepository;
  reminders: ReminderRepository;
  accessLog: AccessLogRepository;
  practices: PracticeRepository;
}

/** What erasure needs beyond the export's sources, each for its own items. */
export interface ErasureTargets {
  erasures: ErasureRepository;
  health: HealthRepository;
  careWatches: CareWatchRepository;
  webhooks: WebhookRepository;
  rateLimits: RateLimitRepository;
  /** The caller's Idempotency-Key records (hashes and times; no answer is kept). */
  idempotency: IdempotencyRepository;
  /** Couples whose records name a practice member (access log, homework), also after a grant ended. */
  careTrail: CareTrailRepository;
  assignments: AssignmentRepository;
  /**
   * Deletes the person's sign-in identity: the last step before DONE. Null in
   * a Lambda that may not (the cloud GraphQL Lambda, README "Export and
   * erasure"): the marker then stays PENDING and the erasure sweep finishes.
   */
  identities: IdentityDirectory | null;
  /** Leaving the couple follows the couples domain's own rules (ENDED for the partner, grants ended, events). */
  leaveCouple: (actor: Actor, coupleId: string) => Promise<Couple>;
  /** Test hook: called after each erasure batch (a test throws from it to crash an erasure half-way). */
  afterBatch?: (step: string) => void;
  /**
   * How long one deleteMyAccount request may spend erasing reflections before
   * it answers (default ERASURE_REQUEST_BUDGET_MS); the rest is finished by the
   * next deleteMyAccount or the erasure sweep.
   */
  requestBudgetMs?: number;
}

/**
 * Couples whose partner list is rewritten in the marker's own transaction
 * (DynamoDB allows 100 actions; room is left for the marker and its
 * companions). A person with more couples than this has the rest rewritten
 * right after, in eraseEverything.
 */
const PARTNERS_WITH_MARKER = 90;

/**
 * Raised at a reflection batch boundary when the request's time budget is
 * spent: eraseAccount answers, and the marker stays PENDING for the next
 * deleteMyAccount or the erasure sweep.
 */
class RequestBudgetSpent extends Error {}

/** Revision Queries in flight at once during an export. */
const REVISION_READS_AT_ONCE = 25;

/** Every item of a cursor-paged list, page by page. */
async function allPages<T>(read: (after: string | null) => Promise<Page<T>>): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Page<T> = await read(after);
    all.push(...page.items.map((i) => i.node));
    const last = page.items.at(-1);
    if (!page.hasNextPage || !last) return all;
    after = last.cursor;
  }
}

/**
 * The person's own data: `exportMyData` (and, with the erasure, `deleteMyAccount`).
 * Orchestrates; every item is read by its own domain's repository.
 */
export class PrivacyService {
  constructor(
    private readonly sources: ExportSources,
    private readonly clock: Clock,
    private readonly targets?: ErasureTargets,
  ) {}

  /**
   * The caller's data as one JSON document (reconnect-export/1). Needs
   * `profile`, `couple:read` and `reflections:read`: the document holds all
   * three kinds of data, and a narrower token must not get them through it.
   * Read in pages (EXPORT_PAGE): a large account costs many small requests.
   */
  async exportData(actor: Actor): Promise<DataExportModel> {
    requireScope(actor, 'profile');
    requireScope(actor, 'couple:read');
    requireScope(actor, 'reflections:read');
    const { people, practices } = this.sources;
    const generatedAt = this.clock.now().toISOString();
    const [person, coupleIds, memberships] = await Promise.all([
      people.getConsistent(actor.personId),
      people.coupleHistory(actor.personId),
      practices.membershipsOf(actor.personId),
    ]);
    const couples: CoupleExportParts[] = [];
    for (const coupleId of coupleIds) {
      const parts = await this.coupleParts(coupleId, actor.personId);
      if (parts) couples.push(parts);
    }
    const document = buildExportDocument({ generatedAt, person, couples, memberships });
    return { generatedAt, json: JSON.stringify(document) };
  }

  private async coupleParts(coupleId: string, personId: string): Promise<CoupleExportParts | null> {
    const { couples, grants, reminders, accessLog } = this.sources;
    const couple = await couples.getConsistent(coupleId);
    // A couple that no longer lists the caller is not theirs to export.
    if (!couple?.partnerIds.includes(personId)) return null;
    const [sessions, reflections, grantList, reminderList, accessList] = await Promise.all([
      this.sessionsWithMyAnswers(coupleId, personId),
      this.myReflections(coupleId, personId),
      grants.grantsOfConsistent(coupleId),
      allPages((after) => reminders.page(coupleId, { first: EXPORT_PAGE.reminders, after })),
      allPages((after) => accessLog.page(coupleId, EXPORT_PAGE.accessLog, after)),
    ]);
    return { couple, sessions, reflections, grants: grantList, reminders: reminderList, accessLog: accessList };
  }

  private async sessionsWithMyAnswers(coupleId: string, personId: string): Promise<CoupleExportParts['sessions']> {
    const out: CoupleExportParts['sessions'] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page<ReconnectSession> = await this.sources.sessions.page(coupleId, { first: EXPORT_PAGE.sessions, after });
      // Only the caller's own answers: the partner's stay the partner's (revealed or not).
      const answered = await Promise.all(
        page.items.map(async ({ node: session }) => ({ session, myAnswers: await this.sources.sessions.answersOf(session, [personId]) })),
      );
      out.push(...answered);
      const last = page.items.at(-1);
      if (!page.hasNextPage || !last) return out;
      after = last.cursor;
    }
  }

  private async myReflections(coupleId: string, personId: string): Promise<CoupleExportParts['reflections']> {
    const out: CoupleExportParts['reflections'] = [];
    let after: Record<string, unknown> | undefined;
    do {
      const page = await this.sources.reflections.authoredPage(coupleId, personId, EXPORT_PAGE.reflections, after);
      // Revisions in groups, so a page of revised reflections never opens hundreds of Queries at once.
      for (let start = 0; start < page.reflections.length; start += REVISION_READS_AT_ONCE) {
        const group = page.reflections.slice(start, start + REVISION_READS_AT_ONCE);
        const withRevisions = await Promise.all(
          group.map(async (reflection) => ({
            reflection,
            // Version 1 has no earlier version: no read.
            revisions: reflection.version > 1 ? await this.sources.reflections.revisionsOf(reflection.id) : [],
          })),
        );
        out.push(...withRevisions);
      }
      after = page.next;
    } while (after);
    return out;
  }

  // ---- erasure ---------------------------------------------------------------

  /**
   * `deleteMyAccount`: erases the caller (README "Export and erasure").
   * First the PENDING marker (from then on every request of the person is
   * refused but this mutation, which finishes the erasure), then bounded,
   * idempotent batches, then DONE. A crash anywhere leaves a marked account
   * that the same mutation, run again, finishes. Needs `profile`,
   * `couple:write` and `reflections:write`: a narrower integrator token may
   * not erase a person.
   */
  async eraseAccount(actor: Actor, input: { confirm: boolean }): Promise<{ deletedId: string }> {
    if (input.confirm !== true) throw new ValidationError('input.confirm', 'must be true to erase the account');
    requireScope(actor, 'profile');
    requireScope(actor, 'couple:write');
    requireScope(actor, 'reflections:write');
    const targets = this.requireTargets();
    const personId = actor.personId;
    const deletedId = toGlobalId('Person', personId);
    let marker = await targets.erasures.get(personId);
    if (marker?.status === 'DONE') return { deletedId };
    if (!marker) {
      // Only to start: an erasure already under way must stay finishable whenever the person retries.
      requireRecentSignIn(actor, ERASURE_MAX_SIGN_IN_AGE_SECONDS, 'Erasing an account');
      await this.refuseLastAdmin(personId);
      // Leaving comes before the marker: it follows the couples domain's rules, which need the
      // person to still be a partner, and the marker's transaction takes them out of every couple.
      await this.leaveActiveCouple(actor);
      marker = await this.startErasure(personId, actor.username ?? personId);
    }
    if (!marker.opaqueId) throw new Error('A PENDING erasure marker has no opaque id');
    // Real time, not the injected clock: this is about the Lambda's timeout.
    this.requestDeadline = performance.now() + (targets.requestBudgetMs ?? ERASURE_REQUEST_BUDGET_MS);
    try {
      await this.eraseEverything(actor, marker.opaqueId);
    } catch (error) {
      // The account is closed already (marker and partner lists); what is left is finished later.
      if (error instanceof RequestBudgetSpent) return { deletedId };
      throw error;
    } finally {
      this.requestDeadline = null;
    }
    await this.closeErasure(personId, marker);
    return { deletedId };
  }

  /** Set while deleteMyAccount erases within one request's time (performance.now() scale). */
  private requestDeadline: number | null = null;

  /**
   * Finishes the PENDING erasure of `actor.personId` with the steps of
   * `deleteMyAccount` (the erasure sweep's one call, privacy/erasure-sweep.ts;
   * `actor` is the sweep acting for the person who asked for the erasure).
   * Returns the marker's status afterwards; null when there is no marker.
   */
  async resumeErasure(actor: Actor): Promise<ErasureRecord['status'] | null> {
    const targets = this.requireTargets();
    const marker = await targets.erasures.get(actor.personId);
    if (marker?.status !== 'PENDING') return marker?.status ?? null;
    if (!marker.opaqueId) throw new Error('A PENDING erasure marker has no opaque id');
    await this.eraseEverything(actor, marker.opaqueId);
    return (await this.closeErasure(actor.personId, marker)) ? 'DONE' : 'PENDING';
  }

  /**
   * The last steps: the sign-in identity, then DONE (which drops the id and
   * user name from the marker). False when this Lambda has no directory and
   * leaves both to the erasure sweep.
   */
  private async closeErasure(personId: string, marker: ErasureRecord): Promise<boolean> {
    const targets = this.requireTargets();
    if (!targets.identities) return false;
    // A marker from before user names were kept: with email sign-in the user name is the sub.
    await targets.identities.deleteUser(marker.username ?? personId);
    this.batchDone('identity');
    // A lost race with another run wrote nothing; the next attempt finds it DONE or finishes it.
    await retryLostRaces<'ok', 'retry'>(
      {
        lost: ['retry'],
        attempts: 5,
        conflictMessage: 'The erasure was being finished by another request; retry deleteMyAccount',
        pauseMs: jitteredPause,
      },
      () => targets.erasures.finish(personId, marker, this.clock.now().toISOString()),
    );
    return true;
  }

  /**
   * Writes the PENDING marker and, in the same transaction, replaces the
   * person by the opaque id in the partners of their couples (up to
   * {@link PARTNERS_WITH_MARKER}; the rest follow in eraseEverything). From
   * that instant their token is refused and nobody reads their name, answers
   * or reflections through a couple (mayRead and answersOf go by partners):
   * there is no moment where the account is closed but their shared text is
   * still readable.
   */
  private async startErasure(personId: string, username: string): Promise<ErasureRecord> {
    const { people, couples } = this.sources;
    const { erasures } = this.requireTargets();
    const coupleIds = (await people.coupleHistory(personId)).slice(0, PARTNERS_WITH_MARKER);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const opaqueId = newOpaqueId();
      const listing = (await Promise.all(coupleIds.map((id) => couples.getConsistent(id)))).filter(
        (couple): couple is Couple => couple?.partnerIds.includes(personId) === true,
      );
      const started = await erasures.start(
        personId,
        username,
        opaqueId,
        this.clock.now().toISOString(),
        listing.map((couple) => couples.replacePartnerAction(couple, personId, opaqueId)),
      );
      if (started !== 'retry') return started;
    }
    throw new ConflictError('The couple changed while the account was being erased; retry deleteMyAccount');
  }

  /** Leaves the current couple by the usual rules (ENDED for the partner, grants ended, events); nothing without one. */
  private async leaveActiveCouple(actor: Actor): Promise<void> {
    const { people, couples } = this.sources;
    const person = await people.getConsistent(actor.personId);
    if (!person?.activeCoupleId) return;
    const couple = await couples.getConsistent(person.activeCoupleId);
    if (couple && couple.status !== 'ENDED' && couple.partnerIds.includes(actor.personId)) {
      await this.requireTargets().leaveCouple(actor, couple.id);
    }
  }

  private requireTargets(): ErasureTargets {
    if (!this.targets) throw new Error('PrivacyService was built without erasure targets');
    return this.targets;
  }

  /** CONFLICT naming each practice the caller is the last ADMIN of (erasure-rules.ts). */
  private async refuseLastAdmin(personId: string): Promise<void> {
    const memberships = await this.sources.practices.membershipsOf(personId);
    const practices = new Map<string, Practice | null>();
    for (const m of memberships) practices.set(m.practiceId, await this.sources.practices.getConsistent(m.practiceId));
    const blocking = practicesBlockingErasure(memberships, practices);
    if (blocking.length > 0) {
      throw new ConflictError(
        `You are the last ADMIN of ${blocking.map((p) => `"${p.name}"`).join(', ')}: make another member ADMIN before erasing your account`,
        { practiceIds: blocking.map((p) => toGlobalId('Practice', p.id)) },
      );
    }
  }

  private batchDone(step: string): void {
    this.targets?.afterBatch?.(step);
  }

  /**
   * Ends deleteMyAccount's request once its time is spent (RequestBudgetSpent,
   * caught by eraseAccount). Called only after a batch that erased something,
   * so every request gets further than the one before.
   */
  private stopIfOutOfTime(): void {
    if (this.requestDeadline !== null && performance.now() > this.requestDeadline) throw new RequestBudgetSpent();
  }

  private async eraseEverything(actor: Actor, opaqueId: string): Promise<void> {
    const targets = this.requireTargets();
    const { people, couples } = this.sources;
    const personId = actor.personId;
    const coupleIds = await people.coupleHistory(personId);

    // 1. A marker written before leaving came first (older erasures) may still find an ACTIVE couple.
    await this.leaveActiveCouple(actor);
    this.batchDone('leave');
    // 2. Every couple's partners without the person (done with the marker for the first
    //    PARTNERS_WITH_MARKER couples; idempotent): nobody reads their answers, reflections or
    //    name through a couple (mayRead and answersOf go by partnerIds).
    for (const coupleId of coupleIds) {
      if (!(await couples.replacePartner(coupleId, personId, opaqueId))) {
        throw new ConflictError('The couple changed while the account was being erased; retry deleteMyAccount');
      }
    }
    this.batchDone('partners');
    // 3. Per couple, what the person wrote and every record naming them.
    for (const coupleId of coupleIds) await this.eraseFromCouple(coupleId, personId, opaqueId);
    // 4. Practices: access-log entries of the caseloads they read, webhooks they created, memberships.
    await this.eraseFromPractices(personId, opaqueId);
    // 5. The person record last: until here the profile's couple list lets a re-run find everything.
    await targets.rateLimits.forget(personId);
    await targets.idempotency.forget(personId);
    await people.eraseProfile(personId);
    this.batchDone('profile');
  }

  private async eraseFromCouple(coupleId: string, personId: string, opaqueId: string): Promise<void> {
    const targets = this.requireTargets();
    const { couples, reflections, sessions, reminders, grants, accessLog } = this.sources;
    const couple = await couples.getConsistent(coupleId);
    if (!couple) return;
    // Reflections with every revision and list entry, one transaction each, in batches. The partner's
    // entries go too (readersOf); the opaque id has none, and leaving it out keeps a transaction of the
    // largest reflection within DynamoDB's 100 actions (reflection-visibility.ts).
    const readers = couple.partnerIds.filter((id) => id !== opaqueId);
    let cursor: Record<string, unknown> | undefined;
    do {
      const page = await reflections.ownPageConsistent(coupleId, personId, ERASURE_BATCH, cursor);
      // The page's transactions at once: each touches only its own reflection's items, and one after
      // the other a 5,000-reflection account took minutes (npm run bench:erase).
      const outcomes = await Promise.all(
        page.reflections.map(async (reflection) => {
          const outcome = await reflections.remove(reflection, readers, []);
          // Refused because it is already gone: the erasure sweep and the person's retry can overlap.
          return outcome === 'ok' || (await reflections.getConsistent(reflection.id)) === null;
        }),
      );
      if (outcomes.includes(false)) {
        throw new ConflictError('A reflection changed while the account was being erased; retry deleteMyAccount');
      }
      this.batchDone('reflections');
      // Only after a page that erased something: a re-run always gets further than the last one.
      if (page.reflections.length > 0) this.stopIfOutOfTime();
      cursor = page.next;
    } while (cursor);
    await reflections.eraseReaderLists(coupleId, personId);
    this.batchDone('reader-lists');
    let after: string | null = null;
    do {
      after = await sessions.erasePersonPage(coupleId, personId, opaqueId, ERASURE_BATCH, after);
      this.batchDone('sessions');
    } while (after);
    await targets.health.erasePerson(coupleId, personId);
    await targets.careWatches.forgetHealth(coupleId);
    await reminders.replaceAcknowledger(coupleId, personId, opaqueId);
    if (!(await grants.replacePerson(coupleId, personId, opaqueId))) {
      throw new ConflictError('A care grant kept changing while the account was being erased; retry deleteMyAccount');
    }
    await accessLog.replaceActor(coupleId, personId, opaqueId);
    await targets.webhooks.forgetCreator({ kind: 'couple', id: coupleId }, personId);
    this.batchDone('couple-records');
  }

  private async eraseFromPractices(personId: string, opaqueId: string): Promise<void> {
    const targets = this.requireTargets();
    const { practices, accessLog } = this.sources;
    // Every record naming the person as a practice member, whether or not the couple's grant is still
    // active or they are still a member: access logs, homework, practice webhooks; then the trail
    // items. Each page is deleted once done, so the first page is always what is left (a re-run resumes).
    for (;;) {
      const entries = await targets.careTrail.firstEntries(personId, ERASURE_BATCH);
      if (entries.length === 0) break;
      for (const entry of entries) {
        if (entry.coupleId) {
          await accessLog.replaceActor(entry.coupleId, personId, opaqueId);
          await targets.assignments.replaceAssigner(entry.coupleId, entry.practiceId, personId, opaqueId);
        } else {
          // A practice webhook whose URL they set, maybe in a practice they have left since.
          await targets.webhooks.forgetCreator({ kind: 'practice', id: entry.practiceId }, personId);
        }
      }
      await targets.careTrail.remove(entries);
      this.batchDone('care-trail');
      this.stopIfOutOfTime();
    }
    for (const member of await practices.membershipsOf(personId)) {
      await targets.webhooks.forgetCreator({ kind: 'practice', id: member.practiceId }, personId);
      await this.endMembership(member.practiceId, personId);
      this.batchDone('membership');
    }
  }

  /**
   * Ends one membership, whatever happens meanwhile: once the marker exists
   * the erasure may not be refused, since the person can no longer act. The
   * start refused a last ADMIN; if they became one since (another ADMIN
   * erased their account meanwhile), the longest-standing other member
   * becomes ADMIN first so the practice stays manageable, and with nobody
   * else they leave the practice without members.
   */
  private async endMembership(practiceId: string, personId: string): Promise<void> {
    const { practices } = this.sources;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const member = await practices.memberConsistent(practiceId, personId);
      if (!member) return;
      const outcome = await practices.removeMember(member);
      if (outcome === 'ok') return;
      if (outcome === 'last-admin') {
        const others = (await practices.membersOf(practiceId))
          .filter((m) => m.personId !== personId && m.role !== 'ADMIN')
          .sort((a, b) => a.addedAt.localeCompare(b.addedAt));
        const successor = others[0];
        if (successor) await practices.putMember({ ...successor, role: 'ADMIN' }, successor);
        else if ((await practices.removeMember(member, { evenLastAdmin: true })) === 'ok') return;
      }
      // member-changed, retry, a successor just promoted: read again and go on.
    }
    throw new ConflictError('A practice membership kept changing while the account was being erased; retry deleteMyAccount');
  }
}
