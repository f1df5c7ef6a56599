import { isPartner, type Couple } from '../couples/couple.model';
import type { Person } from '../people/person.model';
import type { PersonRepository } from '../people/person.repository';
import { requireScope, type Actor } from '../shared/auth/actor';
import { NotFoundError } from '../shared/errors';
import type { Clock } from '../shared/time/clock';
import { requireIntInRange } from '../shared/validation/validators';
import { closenessSeries, computeHealth, lastDays } from './health-formulas';
import { HEALTH_WINDOWS, type ClosenessPointModel, type ConnectionHealthModel } from './health.model';
import type { HealthRepository } from './health.repository';
import { localDateOf } from '../shared/time/local-days';

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
  ) {}

  /** The couple's health now. The caller already sees `couple`; anyone else gets NOT_FOUND (never reached through the API). */
  async health(actor: Actor, couple: Couple): Promise<ConnectionHealthModel> {
    requireScope(actor, 'couple:read');
    if (!isPartner(couple, actor)) throw new NotFoundError('Couple');
    const now = this.clock.now();
    const today = localDateOf(now, couple.plan.timezone);
    const window = lastDays(today, HEALTH_WINDOWS.trendDays);
    const rollups = await this.rollups.rollups(couple.id, window.from, window.to);
    return {
      ...computeHealth({ couple, now, today, rollups }),
      coupleId: couple.id,
      partnerIds: [...couple.partnerIds],
      today,
      rollups,
    };
  }

  /** Daily mean closeness per partner over the last `days` dates (1 to 365), oldest first. */
  async series(health: ConnectionHealthModel, days: number | null | undefined): Promise<ClosenessPointModel[]> {
    const span = requireIntInRange('days', days ?? HEALTH_WINDOWS.series.default, HEALTH_WINDOWS.series.min, HEALTH_WINDOWS.series.max);
    const range = lastDays(health.today, span);
    const [rollups, partners] = await Promise.all([
      span <= HEALTH_WINDOWS.trendDays ? health.rollups : this.rollups.rollups(health.coupleId, range.from, range.to),
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
