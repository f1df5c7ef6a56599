import DataLoader from 'dataloader';
import type { Couple } from '../couples/couple.model';
import type { Actor } from '../shared/auth/actor';
import { newLocalId } from '../shared/ids/global-id';
import type { Clock } from '../shared/time/clock';
import { accessLogPut, type AccessLogRepository } from './access-log.repository';
import { scopeCovers, widerScope } from './care-scope';
import { careTrailPut } from './care-trail.repository';
import type { GrantRepository } from './grant.repository';
import type { AccessAction, CareGrant, CareScope } from './practice.model';
import type { PracticeRepository } from './practice.repository';

/**
 * Who is looking at a couple's data: one of its partners, or a member of a
 * practice holding an active grant (with that grant's scope). Every
 * visibility rule (answer-reveal.ts, reflection-visibility.ts, health,
 * sessions) takes this and decides per object.
 */
export type CoupleViewer =
  | { kind: 'partner'; personId: string }
  | { kind: 'careTeam'; personId: string; practiceId: string; scope: CareScope };

/** Transactions are at most 100 actions: entries of one batch are split below that. */
const MAX_ACTIONS = 90;
const MAX_ATTEMPTS = 4;

interface LogRequest {
  coupleId: string;
  practiceId: string;
  scope: CareScope;
  action: AccessAction;
}

/**
 * Care-team access for one request: who a caller is to a couple, and the
 * access log. Decisions are per request only (no permission outlives it),
 * and every care-team read is confirmed by {@link confirm}, which commits
 * the log entry in one transaction with a check that the grant is still
 * active with the scope the read used and the reader still a member. So a
 * read racing a revoke either committed its entry before the revoke, or
 * returns nothing.
 *
 * One entry per couple, practice and kind of data per request: reads of the
 * same kind in one request share the entry (a dashboard page reading twenty
 * couples' health writes twenty entries in ONE transaction, batched like a
 * DataLoader).
 */
export class CareTeamAccess {
  private readonly viewers = new Map<string, Promise<CoupleViewer | null>>();
  private readonly log: DataLoader<LogRequest, boolean, string>;

  constructor(
    private readonly actor: Actor,
    private readonly grants: GrantRepository,
    private readonly practices: PracticeRepository,
    private readonly accessLog: AccessLogRepository,
    private readonly clock: Clock,
  ) {
    this.log = new DataLoader<LogRequest, boolean, string>((requests) => this.commit(requests), {
      cacheKeyFn: (r) => `${r.coupleId}|${r.practiceId}|${r.scope}|${r.action}`,
      maxBatchSize: 40,
    });
  }

  /**
   * What the caller is to `couple`: a partner (ENDED couples included: their
   * history stays theirs), a care-team member of a practice with an active
   * grant (the widest such scope; needs the practice:read scope and an
   * ACTIVE couple, since grants end with the couple), or nothing (null: the
   * couple's data is absent for them).
   */
  viewerOf(couple: Couple): Promise<CoupleViewer | null> {
    if (couple.partnerIds.includes(this.actor.personId)) return Promise.resolve({ kind: 'partner', personId: this.actor.personId });
    if (!this.actor.scopes.has('practice:read') || couple.status !== 'ACTIVE') return Promise.resolve(null);
    let viewer = this.viewers.get(couple.id);
    if (!viewer) {
      viewer = this.careTeamViewer(couple.id);
      this.viewers.set(couple.id, viewer);
    }
    return viewer;
  }

  /**
   * Records, before any data is returned, that the caller read `action` of
   * the couple; true when the read may be returned. Partners are not logged
   * (the log is of the care team's reads). False when the grant was revoked,
   * narrowed or the caller left the practice since the read began.
   */
  async confirm(viewer: CoupleViewer, coupleId: string, action: AccessAction): Promise<boolean> {
    if (viewer.kind === 'partner') return true;
    return this.log.load({ coupleId, practiceId: viewer.practiceId, scope: viewer.scope, action });
  }

  /**
   * Seeds the viewer of couples read from a practice's caseload (an active
   * grant of a practice the caller is a member of), so a page of twenty
   * couples costs no per-couple grant Query; confirm() still checks the
   * grant at commit time.
   */
  rememberCaseload(grant: CareGrant): void {
    if (!this.actor.scopes.has('practice:read')) return;
    const current = this.viewers.get(grant.coupleId);
    const seeded: CoupleViewer = { kind: 'careTeam', personId: this.actor.personId, practiceId: grant.practiceId, scope: grant.scope };
    if (!current) this.viewers.set(grant.coupleId, Promise.resolve(seeded));
  }

  /**
   * What the caller is to `couple` through one practice: a partner, or that
   * practice's care team (an active grant of `practiceId`, the caller one of
   * its members, practice:read, an ACTIVE couple); null otherwise. For what
   * belongs to one practice, such as its CARE_TEAM_ALERT reminders: another
   * practice's grant does not open it, and neither does membership alone
   * once the grant has ended.
   */
  async viewerThrough(couple: Couple, practiceId: string): Promise<CoupleViewer | null> {
    if (couple.partnerIds.includes(this.actor.personId)) return { kind: 'partner', personId: this.actor.personId };
    if (!this.actor.scopes.has('practice:read') || couple.status !== 'ACTIVE') return null;
    const grant = (await this.grants.grantsOf(couple.id)).find((g) => g.active && g.practiceId === practiceId);
    if (!grant || !(await this.practices.member(practiceId, this.actor.personId))) return null;
    return { kind: 'careTeam', personId: this.actor.personId, practiceId, scope: grant.scope };
  }

  /** The couples domain's gate: true when the caller is its care team and the read (COUPLE) is logged. */
  async mayReadCouple(couple: Couple): Promise<boolean> {
    const viewer = await this.viewerOf(couple);
    return viewer?.kind === 'careTeam' && (await this.confirm(viewer, couple.id, 'COUPLE'));
  }

  /**
   * The transaction action that records the caller in the couple's care
   * trail (care-trail.repository.ts): another domain writing a record that
   * names the caller as a practice member (homework) commits it alongside.
   */
  trailAction(coupleId: string, practiceId: string): object {
    return careTrailPut(this.accessLog.tableName, { personId: this.actor.personId, practiceId, coupleId });
  }

  /** True when `viewer` may read what needs `scope`. */
  static covers(viewer: CoupleViewer, scope: CareScope): boolean {
    return viewer.kind === 'partner' || scopeCovers(viewer.scope, scope);
  }

  private async careTeamViewer(coupleId: string): Promise<CoupleViewer | null> {
    const active = (await this.grants.grantsOf(coupleId)).filter((g) => g.active);
    if (active.length === 0) return null;
    const members = await Promise.all(active.map((g) => this.practices.member(g.practiceId, this.actor.personId)));
    let best: CoupleViewer | null = null;
    active.forEach((grant, index) => {
      if (!members[index]) return;
      if (!best || best.kind !== 'careTeam' || widerScope(grant.scope, best.scope) !== best.scope) {
        best = { kind: 'careTeam', personId: this.actor.personId, practiceId: grant.practiceId, scope: grant.scope };
      }
    });
    return best;
  }

  /** Writes a batch of log requests; each answers true (logged) or false (denied). */
  private async commit(requests: readonly LogRequest[]): Promise<boolean[]> {
    const results = new Map<string, boolean>();
    const groupKey = (r: LogRequest) => `${r.coupleId}|${r.practiceId}`;
    // Couples of one batch, each checked once (a transaction may not touch an item twice).
    const groups = new Map<string, LogRequest[]>();
    for (const request of requests) groups.set(groupKey(request), [...(groups.get(groupKey(request)) ?? []), request]);
    const pending = [...groups.entries()];
    while (pending.length > 0) {
      const chunk: [string, LogRequest[]][] = [];
      const practicesInChunk = new Set<string>();
      let size = 0;
      // Per couple and practice: the grant check, the entries and the care trail item; per practice
      // once: the member check (commitChunk). All of it counts towards the transaction's limit.
      const cost = ([, group]: [string, LogRequest[]]) =>
        2 + group.length + (practicesInChunk.has((group[0] as LogRequest).practiceId) ? 0 : 1);
      while (pending.length > 0 && size + cost(pending[0] as [string, LogRequest[]]) <= MAX_ACTIONS) {
        const next = pending.shift() as [string, LogRequest[]];
        size += cost(next);
        practicesInChunk.add((next[1][0] as LogRequest).practiceId);
        chunk.push(next);
      }
      if (chunk.length === 0) chunk.push(pending.shift() as [string, LogRequest[]]);
      const denied = await this.commitChunk(chunk);
      for (const [key, group] of chunk) for (const r of group) results.set(`${key}|${r.action}|${r.scope}`, !denied.has(key));
    }
    return requests.map((r) => results.get(`${groupKey(r)}|${r.action}|${r.scope}`) ?? false);
  }

  /** Commits one chunk, dropping couples whose grant check fails and retrying the rest; returns the denied group keys. */
  private async commitChunk(chunk: [string, LogRequest[]][]): Promise<Set<string>> {
    const denied = new Set<string>();
    const at = this.clock.now().toISOString();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const live = chunk.filter(([key]) => !denied.has(key));
      if (live.length === 0) return denied;
      const practiceIds = [...new Set(live.map(([, group]) => (group[0] as LogRequest).practiceId))];
      const actions = [
        ...practiceIds.map((practiceId) => ({
          action: this.practices.memberCheck(practiceId, this.actor.personId),
          tag: `member:${practiceId}`,
        })),
        ...live.flatMap(([key, group]) => {
          const first = group[0] as LogRequest;
          return [
            { action: this.grants.activeCheck(first.coupleId, first.practiceId, first.scope), tag: `grant:${key}` },
            ...group.map((r) => ({
              action: accessLogPut(this.accessLog.tableName, {
                coupleId: r.coupleId,
                id: newLocalId(),
                at,
                actorId: this.actor.personId,
                practiceId: r.practiceId,
                action: r.action,
              }),
              tag: `entry:${key}`,
            })),
            // Erasing the reader later finds this couple by it, also after the grant ended.
            {
              action: careTrailPut(this.accessLog.tableName, {
                personId: this.actor.personId,
                practiceId: first.practiceId,
                coupleId: first.coupleId,
              }),
              tag: `trail:${key}`,
            },
          ];
        }),
      ];
      const outcome = await this.accessLog.commit(actions);
      if (outcome === 'ok') return denied;
      if (outcome === 'retry') continue;
      const [kind, ...rest] = outcome.failed.split(':');
      const target = rest.join(':');
      if (kind === 'member') {
        for (const [key, group] of live) if ((group[0] as LogRequest).practiceId === target) denied.add(key);
      } else {
        denied.add(target);
      }
    }
    // Still losing races after several attempts: deny rather than return unlogged data.
    for (const [key] of chunk) denied.add(key);
    return denied;
  }
}
