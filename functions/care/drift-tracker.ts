import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import { overdueAt } from '../health/health-formulas';
import type { HealthMetrics } from '../health/health.model';
import type { CareWatchRepository } from '../practices/care-watch.repository';
import type { GrantRepository } from '../practices/grant.repository';
import type { CareGrant, CareWatch } from '../practices/practice.model';
import { Transaction } from '../shared/data/transaction';
import type { TableContext } from '../shared/data/table';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../shared/events/domain-event';
import type { EventOutbox } from '../shared/events/outbox';
import type { Clock } from '../shared/time/clock';
import type { CoupleChangeListener } from '../shared/events/couple-changes';
import type { Logger } from '../shared/logging/logger';
import { addCalendarDays, instantAt, localDate } from '../shared/time/zoned-time';

/** Computes a couple's health metrics now (the health domain). */
export interface HealthCalculator {
  metricsOf(couple: Couple): Promise<{ metrics: HealthMetrics; today: string }>;
}

/** Builds the CARE_TEAM_ALERT reminder of one practice (the reminders domain owns reminder items). */
export interface CareAlertSink {
  careAlertActions(coupleId: string, practiceId: string, dueAt: string): { actions: object[]; reminderId: string };
}

export interface DriftTrackerDeps {
  table: TableContext;
  couples: CoupleRepository;
  grants: GrantRepository;
  watches: CareWatchRepository;
  health: HealthCalculator;
  alerts: CareAlertSink;
  outbox: EventOutbox;
  clock: Clock;
  logger: Logger;
}

const MAX_ATTEMPTS = 5;

/**
 * Keeps each couple's place in its practices' caseloads (drift risk, last
 * reconnect) and alerts the care team when drift risk rises to HIGH.
 *
 * `reevaluate` runs after every write that may change a drift signal (an
 * answer, a reflection, a completed session, a plan change, a grant) and,
 * for what time alone changes (OVERDUE at an instant, IGNORED after a
 * reminder falls due, the 30- and 90-day windows at local midnight), from
 * the sweep when the couple's watch falls due. One transaction writes the
 * watch (its `rev` serializes evaluations of one couple: of two racing, the
 * loser re-reads), every active grant's caseload position, and, on a rise to
 * HIGH, one CARE_TEAM_ALERT reminder and one Reconnect.CareTeamAlert event
 * per practice with an active grant. A couple without an active grant costs
 * one Query.
 */
export class DriftTracker implements CoupleChangeListener {
  constructor(private readonly deps: DriftTrackerDeps) {}

  /**
   * After a committed write: re-evaluates, and never throws (the write
   * stands; a failure is logged, and the watch's next due instant or the
   * next write evaluates again).
   */
  async coupleChanged(coupleId: string): Promise<void> {
    try {
      await this.reevaluate(coupleId);
    } catch (error) {
      this.deps.logger.error('drift re-evaluation failed', { coupleId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  /** Re-evaluates the couple now; true when it wrote (false: no active grant and nothing to clear). */
  async reevaluate(coupleId: string): Promise<boolean> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const grants = (await this.deps.grants.grantsOfConsistent(coupleId)).filter((g) => g.active);
      const watch =
        grants.length > 0 || attempt > 1 ? await this.deps.watches.getConsistent(coupleId) : await this.deps.watches.get(coupleId);
      if (grants.length === 0 && (!watch || !watch.dueAt)) return false;
      const couple = await this.deps.couples.getConsistent(coupleId);
      const outcome = await this.write(couple, grants, watch);
      if (outcome === 'ok') return true;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    }
    return false;
  }

  private async write(couple: Couple | null, grants: CareGrant[], watch: CareWatch | null): Promise<'ok' | 'retry'> {
    const now = this.deps.clock.now();
    const previousRev = watch?.rev ?? 0;
    if (!couple || couple.status !== 'ACTIVE' || grants.length === 0) {
      // No active grant any more: the watch leaves the sweep's index (kept for its rev).
      const cleared: CareWatch = {
        coupleId: couple?.id ?? (watch as CareWatch).coupleId,
        rev: previousRev + 1,
        driftRisk: null,
        health: null,
        healthDate: null,
        validUntil: null,
        dueAt: null,
      };
      const outcome = await new Transaction(this.deps.table)
        .add(...[{ action: this.deps.watches.saveAction(cleared, previousRev), onFailure: 'retry' as const }])
        .commit();
      this.deps.watches.forget(cleared.coupleId);
      return outcome === 'ok' ? 'ok' : 'retry';
    }
    const { metrics, today } = await this.deps.health.metricsOf(couple);
    const validUntil = nextChange(couple, now);
    const evaluated: CareWatch = {
      coupleId: couple.id,
      rev: previousRev + 1,
      driftRisk: metrics.driftRisk,
      health: { ...metrics },
      healthDate: today,
      validUntil,
      dueAt: validUntil,
    };
    const position = { driftRisk: metrics.driftRisk, reconnectAnchor: couple.lastReconnectedAt ?? couple.activatedAt ?? couple.createdAt };
    const rising = metrics.driftRisk === 'HIGH' && watch?.driftRisk !== 'HIGH';
    const events: DomainEvent[] = [];
    const alertActions: object[] = [];
    if (rising) {
      const dueAt = now.toISOString();
      for (const grant of grants) {
        const alert = this.deps.alerts.careAlertActions(couple.id, grant.practiceId, dueAt);
        const event = newDomainEvent({
          type: DETAIL_TYPES.careTeamAlert,
          coupleId: couple.id,
          occurredAt: now,
          data: { reminderId: alert.reminderId, dueAt, practiceId: grant.practiceId },
        });
        events.push(event);
        alertActions.push(...alert.actions, this.deps.outbox.putAction(event).action);
      }
    }
    const outcome = await new Transaction(this.deps.table)
      .add(
        ...[
          { action: this.deps.watches.saveAction(evaluated, previousRev), onFailure: 'retry' as const },
          ...grants.map((grant) => ({ action: this.deps.grants.positionAction(grant, position), onFailure: 'retry' as const })),
          ...alertActions.map((action) => ({ action, onFailure: 'retry' as const })),
        ],
      )
      .commit();
    this.deps.watches.forget(couple.id);
    if (outcome !== 'ok') return 'retry';
    if (events.length > 0) await this.deps.outbox.publishCommitted(events);
    return 'ok';
  }
}

/**
 * The next instant at which time alone may change a drift signal: the
 * couple becoming overdue, its next reminder falling due (IGNORED_REMINDERS
 * counts then), or local midnight (the 30- and 90-day windows move).
 */
export function nextChange(couple: Couple, now: Date): string {
  const zone = couple.plan.timezone;
  const midnight = instantAt(addCalendarDays(localDate(now, zone), 1), 0, 0, zone).toISOString();
  const candidates = [midnight, overdueAt(couple), couple.scheduledReminderAt].filter(
    (at): at is string => at !== null && at !== undefined && Date.parse(at) > now.getTime(),
  );
  return candidates.sort()[0] as string;
}
