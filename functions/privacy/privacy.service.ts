import type { CoupleRepository } from '../couples/couple.repository';
import type { PersonRepository } from '../people/person.repository';
import type { AccessLogRepository } from '../practices/access-log.repository';
import type { GrantRepository } from '../practices/grant.repository';
import type { PracticeRepository } from '../practices/practice.repository';
import type { ReflectionRepository } from '../reflections/reflection.repository';
import type { ReminderRepository } from '../reminders/reminder.repository';
import type { SessionRepository } from '../sessions/session.repository';
import { requireScope, type Actor } from '../shared/auth/actor';
import type { Page } from '../shared/pagination/cursor';
import type { KeyRecord } from '../shared/pagination/cursor';
import type { Clock } from '../shared/time/clock';
import { buildExportDocument, type CoupleExportParts } from './export-document';
import { EXPORT_PAGE, type DataExportModel } from './privacy.model';

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
    let after: KeyRecord | undefined;
    for (;;) {
      const page = await this.sources.sessions.page(coupleId, { limit: EXPORT_PAGE.sessions, after });
      // Only the caller's own answers: the partner's stay the partner's (revealed or not).
      const answered = await Promise.all(
        page.sessions.map(async ({ session }) => ({ session, myAnswers: await this.sources.sessions.answersOf(session, [personId]) })),
      );
      out.push(...answered);
      const last = page.sessions.at(-1);
      if (!page.hasMore || !last) return out;
      after = last.position;
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
}
