import { OVERDUE_GRACE } from '../reconnect/since-last-reconnect';
import type { Person } from '../people/person.model';

/**
 * Connection health: signs that a couple is connecting or growing apart,
 * computed from small daily roll-ups (health.repository.ts) with the pure
 * formulas of health-formulas.ts. docs/reflections-and-health.md gives each
 * formula with a worked example.
 */

/** In the contract's order (the order `driftSignals` lists them). */
export const DRIFT_SIGNALS = [
  'OVERDUE_RECONNECT',
  'CLOSENESS_DECLINING',
  'LOW_CLOSENESS',
  'ONE_SIDED_PARTICIPATION',
  'IGNORED_REMINDERS',
] as const;

export type DriftSignal = (typeof DRIFT_SIGNALS)[number];

export type DriftRisk = 'LOW' | 'MEDIUM' | 'HIGH';

/**
 * What one partner did on one local date (the couple's zone when it was
 * written). Sums, not averages, so that deltas can be ADDed atomically and a
 * mean over any set of days is exact: Σ sums / Σ counts.
 */
export interface PersonDay {
  date: string;
  personId: string;
  /** Sum of the closeness ratings of this partner's reflections written that day. */
  closenessSum: number;
  /** Number of those ratings (reflections without a rating do not count). */
  closenessCount: number;
  /** Reflections written that day (still existing: deleting one subtracts it). */
  reflections: number;
  /** Prompts first answered that day (answering again is not a new answer). */
  answers: number;
}

/** What the couple did together on one local date. */
export interface CoupleDay {
  date: string;
  /** Sessions completed that day in which every partner took part. */
  sessionsBothCompleted: number;
}

/** The roll-ups of a range of dates, as one Query returns them. */
export interface Rollups {
  personDays: PersonDay[];
  coupleDays: CoupleDay[];
}

/** The numbers behind `ConnectionHealth`. */
export interface HealthMetrics {
  targetSessionsPerMonth: number;
  sessionsLast30Days: number;
  daysSinceLastReconnect: number | null;
  closenessAverage30d: number | null;
  closenessTrend: number | null;
  participationBalance: number | null;
  driftRisk: DriftRisk;
  driftSignals: DriftSignal[];
}

/** What `ConnectionHealth` resolves from: the metrics, and what `closenessSeries` needs. */
export interface ConnectionHealthModel extends HealthMetrics {
  coupleId: string;
  partnerIds: string[];
  /** The couple's local date "today" at the time of the request. */
  today: string;
  /** The roll-ups read for the metrics (the last HEALTH_WINDOWS.trendDays days). */
  rollups: Rollups;
}

/** One partner's mean closeness on one date, with the partner already loaded (no resolver per point). */
export interface ClosenessPointModel {
  date: string;
  partner: Person;
  closeness: number;
}

/** Windows, in local calendar days ending today (today included). */
export const HEALTH_WINDOWS = {
  /** "Last 30 days": sessions, mean closeness, participation. */
  recentDays: 30,
  /** The closeness trend's window. */
  trendDays: 90,
  /** `closenessSeries(days:)`. */
  series: { min: 1, max: 365, default: 90 },
} as const;

/** Thresholds of the drift signals, as the contract's doc strings state them. */
export const DRIFT_THRESHOLDS = {
  /** CLOSENESS_DECLINING below this many points a week. */
  decliningPointsPerWeek: -0.5,
  /** LOW_CLOSENESS below this 30-day mean. */
  lowCloseness: 5,
  /** ONE_SIDED_PARTICIPATION when a partner did under this share of the contributions. */
  oneSidedShare: 0.25,
  /** IGNORED_REMINDERS from this many reminders in a row without a reconnect. */
  ignoredReminders: 2,
  /** OVERDUE_RECONNECT after the plan's interval plus this fraction of it (defined with the rule, functions/reconnect/since-last-reconnect.ts). */
  overdueGrace: OVERDUE_GRACE,
  /** The trend needs at least this many ratings. */
  trendMinRatings: 3,
} as const;
