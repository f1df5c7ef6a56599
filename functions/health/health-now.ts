import type { Couple } from '../couples/couple.model';
import { computeHealth, lastDays } from './health-formulas';
import { HEALTH_WINDOWS, type HealthMetrics, type Rollups } from './health.model';
import type { HealthRepository } from './health.repository';
import { localDateOf } from '../shared/time/local-days';

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
