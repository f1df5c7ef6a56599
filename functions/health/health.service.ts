import type { Couple } from '../couples/couple.model';
import type { CareTeamAccess } from '../practices/care-team-access';
import type { CareWatchRepository } from '../practices/care-watch.repository';
import type { HealthMetrics } from './health.model';
import type { Person } from '../people/person.model';
import type { PersonRepository } from '../people/person.repository';
import { requireScope, type Actor } from '../shared/auth/actor';
import { NotFoundError } from '../shared/errors';
import type { Clock } from '../shared/time/clock';
import { requireIntInRange } from '../shared/validation/validators';
import { closenessSeries, lastDays } from './health-formulas';
import { HEALTH_WINDOWS, type ClosenessPointModel, type ConnectionHealthModel } from './health.model';
import type { HealthRepository } from './health.repository';
import { localDateOf } from '../shared/time/local-days';
import { healthAfter, healthNow } from './health-now';
import type { RollupChange } from './rollup-change';

/**
 * Connection health of a couple, for its partners. Needs the `couple:read`
 * scope, not `reflections:read`: health shows only aggregates (closeness
 * ratings count whatever a reflection's sharing, as the contract says), never
 * a body, an answer's text or who wrote what when.
 *
 * Cost: one Query of daily roll-ups (the last 90 local dates), whatever the
 * length of the history; `closenessSeries(days:)` beyond 90 days reads once more.
 */
export class HealthService {
  constructor(
    private readonly rollups: HealthRepository,
    private readonly people: PersonRepository,
    private readonly clock: Clock,
    /** Who the caller is to a couple (partner or care team) and the access log. */
    private readonly access: CareTeamAccess,
    /** Evaluated health of couples with a care team (one BatchGetItem for a caseload page). */
    private readonly watches?: CareWatchRepository,
  ) {}

  /**
   * The couple's health now, for its partners and its care team (any
   * scope: health is aggregates, never text; the read is logged as HEALTH
   * before it is returned). Anyone else gets NOT_FOUND.
   */
  async health(actor: Actor, couple: Couple): Promise<ConnectionHealthModel> {
    requireScope(actor, 'couple:read');
    const viewer = await this.access.viewerOf(couple);
    if (!viewer) throw new NotFoundError('Couple');
    const health = (viewer.kind === 'careTeam' ? await this.evaluated(couple) : null) ?? (await this.compute(couple));
    if (!(await this.access.confirm(viewer, couple.id, 'HEALTH'))) throw new NotFoundError('Couple');
    return health;
  }

  /**
   * The metrics now as they will be once a write adding roll-up `changes`
   * commits, for the care watch (drift tracking, inside that write's
   * transaction): roll-ups read strongly consistently. No access check:
   * never returned to a caller.
   */
  async metricsAfter(couple: Couple, changes: readonly RollupChange[]): Promise<{ metrics: HealthMetrics; today: string }> {
    return healthAfter(this.rollups, couple, this.clock.now(), changes);
  }

  /**
   * The health the care watch evaluated, while it still holds: same local
   * date, and before the next instant time alone may change a signal (every
   * write that may change one re-evaluates the watch in its request). Null
   * when there is none or it is stale: the caller computes it.
   */
  private async evaluated(couple: Couple): Promise<ConnectionHealthModel | null> {
    const watch = this.watches ? await this.watches.get(couple.id) : null;
    if (!watch?.health || !watch.healthDate || !watch.validUntil) return null;
    const now = this.clock.now();
    const today = localDateOf(now, couple.plan.timezone);
    if (watch.healthDate !== today || now.getTime() >= Date.parse(watch.validUntil)) return null;
    return { ...(watch.health as unknown as HealthMetrics), coupleId: couple.id, partnerIds: [...couple.partnerIds], today, rollups: null };
  }

  private async compute(couple: Couple): Promise<ConnectionHealthModel> {
    const { metrics, today, rollups } = await healthNow(this.rollups, couple, this.clock.now());
    return { ...metrics, coupleId: couple.id, partnerIds: [...couple.partnerIds], today, rollups };
  }

  /** Daily mean closeness per partner over the last `days` dates (1 to 365), oldest first. */
  async series(health: ConnectionHealthModel, days: number | null | undefined): Promise<ClosenessPointModel[]> {
    const span = requireIntInRange('days', days ?? HEALTH_WINDOWS.series.default, HEALTH_WINDOWS.series.min, HEALTH_WINDOWS.series.max);
    const range = lastDays(health.today, span);
    const [rollups, partners] = await Promise.all([
      span <= HEALTH_WINDOWS.trendDays && health.rollups ? health.rollups : this.rollups.rollups(health.coupleId, range.from, range.to),
      // Both partners in one batched read, attached to every point: a year of points costs no more resolvers than one.
      Promise.all(health.partnerIds.map((id) => this.people.get(id))),
    ]);
    const byId = new Map(partners.filter((p): p is Person => p !== null).map((p) => [p.id, p]));
    return closenessSeries(rollups.personDays, health.partnerIds, range).flatMap((point) => {
      const partner = byId.get(point.personId);
      return partner ? [{ date: point.date, partner, closeness: point.closeness }] : [];
    });
  }
}
