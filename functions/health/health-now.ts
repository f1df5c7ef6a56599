import type { Couple } from '../couples/couple.model';
import { computeHealth, lastDays } from './health-formulas';
import { HEALTH_WINDOWS, type HealthMetrics, type Rollups } from './health.model';
import type { HealthRepository } from './health.repository';
import { localDateOf } from '../shared/time/local-days';
import { withRollupChanges, type RollupChange } from './rollup-change';

/**
 * A couple's health metrics at `now`, from one Query of its daily roll-ups
 * (the last 90 local dates). Shared by HealthService (what callers read) and
 * the drift tracker (what orders the caseload and raises care-team alerts),
 * so both see the same numbers.
 */
export async function healthNow(
  rollups: Pick<HealthRepository, 'rollups'>,
  couple: Couple,
  now: Date,
): Promise<{ metrics: HealthMetrics; today: string; rollups: Rollups }> {
  const today = localDateOf(now, couple.plan.timezone);
  const window = lastDays(today, HEALTH_WINDOWS.trendDays);
  const read = await rollups.rollups(couple.id, window.from, window.to);
  return { metrics: computeHealth({ couple, now, today, rollups: read }), today, rollups: read };
}

/**
 * A couple's health metrics at `now` as they will be once a write that adds
 * `changes` to the roll-ups commits: a strongly consistent read of the same
 * 90 days, plus those changes. `couple` is the couple as that write leaves it.
 */
export async function healthAfter(
  rollups: Pick<HealthRepository, 'rollupsConsistent'>,
  couple: Couple,
  now: Date,
  changes: readonly RollupChange[],
): Promise<{ metrics: HealthMetrics; today: string }> {
  const today = localDateOf(now, couple.plan.timezone);
  const window = lastDays(today, HEALTH_WINDOWS.trendDays);
  const read = withRollupChanges(await rollups.rollupsConsistent(couple.id, window.from, window.to), changes);
  return { metrics: computeHealth({ couple, now, today, rollups: read }), today };
}
