import type { Couple } from '../couples/couple.model';
import type { CoupleRepository } from '../couples/couple.repository';
import { overdueAt } from '../health/health-formulas';
import type { HealthMetrics } from '../health/health.model';
import type { RollupChange } from '../health/rollup-change';
import type { CareWatchRepository } from '../practices/care-watch.repository';
import type { GrantRepository } from '../practices/grant.repository';
import type { CareGrant, CareWatch, CaseloadPosition } from '../practices/practice.model';
import { jitteredPause, retryLostRaces } from '../shared/data/retry';
import type { TableContext } from '../shared/data/table';
import { MAX_TRANSACTION_ACTIONS, Transaction, type LabelledAction } from '../shared/data/transaction';
import type { CareWatchHook, CareWatchStep, CoupleWrite } from '../shared/events/couple-changes';
import { DETAIL_TYPES, newDomainEvent, type DomainEvent } from '../shared/events/domain-event';
import type { EventOutbox } from '../shared/events/outbox';
import type { Logger } from '../shared/logging/logger';
import type { Clock } from '../shared/time/clock';
import { addCalendarDays, instantAt, localDate } from '../shared/time/zoned-time';

/** Computes a couple's health metrics now, as they will be once roll-up `changes` commit (the health domain). */
export interface HealthCalculator {
  metricsAfter(couple: Couple, changes: readonly RollupChange[]): Promise<{ metrics: HealthMetrics; today: string }>;
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

/** Attempts of a sweep re-evaluation before it gives up until the next sweep (a write of the couple won each race meanwhile). */
const MAX_ATTEMPTS = 5;

/**
 * Keeps each couple's place in its practices' caseloads (drift risk, last
 * reconnect) and alerts the care team when drift risk rises to HIGH.
 *
 * Every write that may change a drift signal (an answer, a reflection, a
 * completed session, a plan change, leaving, a grant or revoke) asks
 * {@link stepFor} for the actions to add to ITS OWN transaction: the care
 * watch as evaluated after that write, every active grant's caseload
 * position, and, on a rise to HIGH, one CARE_TEAM_ALERT reminder and one
 * Reconnect.CareTeamAlert event per practice with an active grant. So the
 * caseload can never lag a committed write (a Lambda dying right after a
 * commit leaves nothing to catch up).
 *
 * Optimistic concurrency on the watch: it is read (strongly consistent)
 * before the grants and roll-ups, and every such write Puts it with
 * `rev = previous + 1` on the condition that `rev` is still the one read.
 * Of two writes of one couple racing, the second to commit fails that
 * condition and retries from fresh reads (the writers' retryLostRaces), so
 * the watch always reflects every committed write: none computes from
 * roll-ups that miss another's change. A couple without an active grant gets
 * a cleared watch (no health, out of the sweep's index) whose `rev` still
 * orders it against a grant becoming active at the same moment.
 *
 * What time alone changes (OVERDUE at an instant, IGNORED after a reminder
 * falls due, the 30- and 90-day windows at local midnight) is re-evaluated
 * by the sweep when the watch falls due ({@link reevaluate}), with the same
 * condition on `rev`.
 */
export class DriftTracker implements CareWatchHook<Couple, RollupChange, CareGrant, CaseloadPosition> {
  constructor(private readonly deps: DriftTrackerDeps) {}

  /**
   * The care part of one write of `write.couple` (as the write leaves it):
   * actions conditioned on the watch's version, the couple's caseload
   * position for grants the write saves itself, and the publishing of alert
   * events after the commit. Reads the watch, the couple's grants and (only
   * with an active grant) 90 days of roll-ups.
   */
  async stepFor(write: CoupleWrite<Couple, RollupChange, CareGrant>): Promise<CareWatchStep<CaseloadPosition>> {
    const { couple } = write;
    const watch = await this.deps.watches.getConsistent(couple.id);
    const written = new Set((write.grants ?? []).map((grant) => grant.practiceId));
    const stored = (await this.deps.grants.grantsOfConsistent(couple.id)).filter((grant) => grant.active && !written.has(grant.practiceId));
    const active = [...stored, ...(write.grants ?? []).filter((grant) => grant.active)];
    const step = await this.evaluate(couple, watch, active, stored, write.rollups ?? []);
    if (write.ownActions === undefined || write.ownActions + step.actions.length <= MAX_TRANSACTION_ACTIONS) return step;
    return this.deferred(couple.id, step);
  }

  /**
   * The step of a write too large to carry its care actions (a maximal
   * reflection's erasure: 96 actions of its own, plus the watch, one position
   * per active grant and, on a rise to HIGH, two per grant). The author's
   * right to erase must not depend on how many care teams the couple has, so
   * the write commits alone and the watch is re-evaluated right after, in its
   * own transaction conditioned on `rev` ({@link reevaluate}). Nothing is
   * lost meanwhile: a concurrent write that read the watch before ours
   * either commits first (and our re-evaluation, reading after both, counts
   * it) or fails its `rev` condition on our re-evaluation and retries from
   * fresh reads. Only a process dying between the two commits leaves the
   * watch behind the write, until the sweep re-evaluates it when it falls
   * due (by the couple's next local midnight at the latest).
   */
  private deferred(coupleId: string, step: CareWatchStep<CaseloadPosition>): CareWatchStep<CaseloadPosition> {
    return {
      actions: [],
      position: step.position,
      committed: async () => {
        try {
          await this.reevaluate(coupleId);
        } catch (error) {
          // The write stands; the sweep re-evaluates the watch when it falls due.
          this.deps.logger.error('care watch: the re-evaluation after a write too large to carry it failed', {
            coupleId,
            error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
          });
        }
      },
    };
  }

  /**
   * The sweep's re-evaluation of a couple whose watch fell due (time alone
   * changed a signal): its own transaction, conditioned on the watch's rev
   * and retried with retryLostRaces when a write of the couple committed
   * first. True when it wrote (false: no active grant and nothing to clear).
   */
  async reevaluate(coupleId: string): Promise<boolean> {
    return retryLostRaces<boolean, 'retry'>(
      {
        lost: ['retry'],
        attempts: MAX_ATTEMPTS,
        conflictMessage: `Care watch of couple ${coupleId}: every re-evaluation lost a race`,
        pauseMs: jitteredPause,
      },
      async () => {
        const watch = await this.deps.watches.getConsistent(coupleId);
        const grants = (await this.deps.grants.grantsOfConsistent(coupleId)).filter((grant) => grant.active);
        if (grants.length === 0 && (!watch || !watch.dueAt)) return false;
        const couple = await this.deps.couples.getConsistent(coupleId);
        if (!couple) return false;
        const step = await this.evaluate(couple, watch, grants, grants, []);
        const outcome = await new Transaction(this.deps.table).add(...step.actions).commit();
        if (outcome !== 'ok') return 'retry';
        await step.committed();
        return true;
      },
    );
  }

  /**
   * The watch, positions and alerts for `couple` with `active` grants after
   * a write adding `rollups`. Positions are written here only for `positioned`
   * (the stored grants the write does not save itself).
   */
  private async evaluate(
    couple: Couple,
    watch: CareWatch | null,
    active: readonly CareGrant[],
    positioned: readonly CareGrant[],
    rollups: readonly RollupChange[],
  ): Promise<CareWatchStep<CaseloadPosition>> {
    const previousRev = watch?.rev ?? 0;
    const saved = (next: CareWatch): LabelledAction<'retry'> => ({
      action: this.deps.watches.saveAction(next, previousRev),
      onFailure: 'retry',
    });
    const forget = () => this.deps.watches.forget(couple.id);
    if (couple.status !== 'ACTIVE' || active.length === 0) {
      // No active grant: a cleared watch (out of the sweep's index), whose rev still orders this write.
      const cleared: CareWatch = {
        coupleId: couple.id,
        rev: previousRev + 1,
        driftRisk: null,
        health: null,
        healthDate: null,
        validUntil: null,
        dueAt: null,
      };
      return { actions: [saved(cleared)], position: null, committed: async () => forget() };
    }
    const now = this.deps.clock.now();
    const { metrics, today } = await this.deps.health.metricsAfter(couple, rollups);
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
    const position: CaseloadPosition = {
      driftRisk: metrics.driftRisk,
      reconnectAnchor: couple.lastReconnectedAt ?? couple.activatedAt ?? couple.createdAt,
    };
    const actions: LabelledAction<'retry'>[] = [
      saved(evaluated),
      ...positioned.map((grant) => ({ action: this.deps.grants.positionAction(grant, position), onFailure: 'retry' as const })),
    ];
    const events: DomainEvent[] = [];
    if (metrics.driftRisk === 'HIGH' && watch?.driftRisk !== 'HIGH') {
      const dueAt = now.toISOString();
      for (const grant of active) {
        const alert = this.deps.alerts.careAlertActions(couple.id, grant.practiceId, dueAt);
        const event = newDomainEvent({
          type: DETAIL_TYPES.careTeamAlert,
          coupleId: couple.id,
          occurredAt: now,
          data: { reminderId: alert.reminderId, dueAt, practiceId: grant.practiceId },
        });
        events.push(event);
        actions.push(...alert.actions.map((action) => ({ action, onFailure: 'retry' as const })), this.deps.outbox.putAction(event));
      }
    }
    return {
      actions,
      position,
      committed: async () => {
        forget();
        if (events.length > 0) await this.deps.outbox.publishCommitted(events);
      },
    };
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
