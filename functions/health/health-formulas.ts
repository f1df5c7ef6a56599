import type { Couple } from '../couples/couple.model';
import { daysSinceLastReconnect, isOverdue } from '../reconnect/since-last-reconnect';
import { daysBetween, windowStart } from '../shared/time/local-days';
import {
  DRIFT_SIGNALS,
  DRIFT_THRESHOLDS,
  HEALTH_WINDOWS,
  type CoupleDay,
  type DriftRisk,
  type DriftSignal,
  type HealthMetrics,
  type PersonDay,
  type Rollups,
} from './health.model';

/**
 * The formulas of connection health, pure: roll-ups and couple facts in,
 * numbers out. docs/reflections-and-health.md works each one through an
 * example; tests/health/health-formulas.test.ts checks them against numbers
 * written by hand.
 *
 * Every window is a run of local calendar dates ending with today (today
 * included): "the last 30 days" is today and the 29 dates before it.
 */

type DateRange = { from: string; to: string };

const inRange = (date: string, range: DateRange) => date >= range.from && date <= range.to;

/** The last `days` dates ending with `today`. */
export function lastDays(today: string, days: number): DateRange {
  return { from: windowStart(today, days), to: today };
}

/**
 * Mean closeness of every rating in the range, both partners together:
 * Σ closenessSum / Σ closenessCount. A mean of ratings, not of daily means,
 * so a day with three ratings weighs three times a day with one. Null
 * without any rating.
 */
export function closenessMean(days: readonly PersonDay[], range: DateRange): number | null {
  let sum = 0;
  let count = 0;
  for (const day of days) {
    if (!inRange(day.date, range)) continue;
    sum += day.closenessSum;
    count += day.closenessCount;
  }
  return count > 0 ? sum / count : null;
}

/**
 * Least-squares slope of closeness over the range, in points per week.
 *
 * Each rating is a point (x, y): x its date in days from the range's start,
 * y the rating. All ratings of one date share x, so the sums the slope needs
 * come straight from the daily roll-ups, weighting each date by its count:
 *   n = Σ c_d,  Sx = Σ c_d·x_d,  Sy = Σ s_d,  Sxx = Σ c_d·x_d²,  Sxy = Σ x_d·s_d
 *   slope = (n·Sxy − Sx·Sy) / (n·Sxx − Sx²)   (points per day; ×7 per week)
 * which is exactly the least-squares fit over the individual ratings.
 *
 * Null with fewer than 3 ratings, and when every rating is from one date
 * (no spread in x: the slope is undefined).
 */
export function closenessTrend(days: readonly PersonDay[], range: DateRange): number | null {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const day of days) {
    if (!inRange(day.date, range) || day.closenessCount <= 0) continue;
    const x = daysBetween(range.from, day.date);
    n += day.closenessCount;
    sx += day.closenessCount * x;
    sy += day.closenessSum;
    sxx += day.closenessCount * x * x;
    sxy += x * day.closenessSum;
  }
  if (n < DRIFT_THRESHOLDS.trendMinRatings) return null;
  const denominator = n * sxx - sx * sx;
  if (denominator === 0) return null;
  // Scaled to a week before dividing: integer sums stay exact, so a slope of exactly -0.5 is -0.5.
  return (7 * (n * sxy - sx * sy)) / denominator;
}

/** Answers plus reflections of each partner in the range, in `partnerIds` order. */
export function contributions(days: readonly PersonDay[], partnerIds: readonly string[], range: DateRange): number[] {
  return partnerIds.map((id) =>
    days.filter((d) => d.personId === id && inRange(d.date, range)).reduce((total, d) => total + d.answers + d.reflections, 0),
  );
}

/**
 * 0..1, 1 when both contribute equally: 1 − |a − b| / (a + b), which is
 * 2·min(a, b) / (a + b). Null without any contribution (nothing to balance),
 * and for a couple with fewer than two partners.
 */
export function participationBalance(counts: readonly number[]): number | null {
  if (counts.length !== 2) return null;
  const [a, b] = counts as [number, number];
  if (a + b === 0) return null;
  return 1 - Math.abs(a - b) / (a + b);
}

/**
 * One partner did under a quarter of the contributions. Off without any
 * contribution: silence from both is not one-sided (OVERDUE_RECONNECT covers
 * it). Equivalent to participationBalance < 0.5.
 */
export function isOneSided(counts: readonly number[]): boolean {
  if (counts.length !== 2) return false;
  const total = counts[0]! + counts[1]!;
  return total > 0 && Math.min(...counts) / total < DRIFT_THRESHOLDS.oneSidedShare;
}

/** Sessions completed in the range in which every partner took part. */
export function sessionsCompleted(days: readonly CoupleDay[], range: DateRange): number {
  return days.filter((d) => inRange(d.date, range)).reduce((total, d) => total + d.sessionsBothCompleted, 0);
}

/** LOW with no signal, MEDIUM with one, HIGH with two or more or with OVERDUE_RECONNECT and IGNORED_REMINDERS together. */
export function driftRisk(signals: readonly DriftSignal[]): DriftRisk {
  if (signals.includes('OVERDUE_RECONNECT') && signals.includes('IGNORED_REMINDERS')) return 'HIGH';
  if (signals.length >= 2) return 'HIGH';
  return signals.length === 1 ? 'MEDIUM' : 'LOW';
}

/** What the health of one couple is computed from. */
export interface HealthInput {
  couple: Pick<Couple, 'status' | 'partnerIds' | 'plan' | 'lastReconnectedAt' | 'activatedAt' | 'consecutiveUnansweredReminders'>;
  now: Date;
  /** The couple's local date at `now`. */
  today: string;
  /** At least the last HEALTH_WINDOWS.trendDays days of roll-ups. */
  rollups: Rollups;
}

/** Every field of ConnectionHealth except the series. */
export function computeHealth({ couple, now, today, rollups }: HealthInput): HealthMetrics {
  const recent = lastDays(today, HEALTH_WINDOWS.recentDays);
  const trendWindow = lastDays(today, HEALTH_WINDOWS.trendDays);
  const mean30 = closenessMean(rollups.personDays, recent);
  const trend = closenessTrend(rollups.personDays, trendWindow);
  const counts = contributions(rollups.personDays, couple.partnerIds, recent);
  const active = couple.status === 'ACTIVE';

  const on: Record<DriftSignal, boolean> = {
    OVERDUE_RECONNECT: isOverdue(couple, now),
    CLOSENESS_DECLINING: trend !== null && trend < DRIFT_THRESHOLDS.decliningPointsPerWeek,
    LOW_CLOSENESS: mean30 !== null && mean30 < DRIFT_THRESHOLDS.lowCloseness,
    ONE_SIDED_PARTICIPATION: isOneSided(counts),
    IGNORED_REMINDERS: active && (couple.consecutiveUnansweredReminders ?? 0) >= DRIFT_THRESHOLDS.ignoredReminders,
  };
  const driftSignals = DRIFT_SIGNALS.filter((signal) => on[signal]);
  return {
    targetSessionsPerMonth: couple.plan.sessionsPerMonth,
    sessionsLast30Days: sessionsCompleted(rollups.coupleDays, recent),
    daysSinceLastReconnect: daysSinceLastReconnect(couple, today),
    closenessAverage30d: mean30,
    closenessTrend: trend,
    participationBalance: participationBalance(counts),
    driftRisk: driftRisk(driftSignals),
    driftSignals,
  };
}

/**
 * Daily mean closeness per partner over the range, oldest date first and,
 * within a date, in `partnerIds` order. Only dates on which that partner
 * rated closeness appear (no zeros for silent days).
 */
export function closenessSeries(
  days: readonly PersonDay[],
  partnerIds: readonly string[],
  range: DateRange,
): { date: string; personId: string; closeness: number }[] {
  return days
    .filter((d) => inRange(d.date, range) && d.closenessCount > 0 && partnerIds.includes(d.personId))
    .sort((x, y) => (x.date === y.date ? partnerIds.indexOf(x.personId) - partnerIds.indexOf(y.personId) : x.date < y.date ? -1 : 1))
    .map((d) => ({ date: d.date, personId: d.personId, closeness: d.closenessSum / d.closenessCount }));
}
