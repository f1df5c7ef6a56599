import { daysBetween, localDateOf } from '../shared/time/local-days';
import type { ReconnectState } from './reconnect.model';
import { reconnectIntervalMs } from './schedule';

/*
 * The one definition of "days since the last reconnect" and of "overdue"
 * (docs/reflections-and-health.md "Formulas", rows daysSinceLastReconnect
 * and OVERDUE_RECONNECT). Health shows both; a reminder records the first for
 * its due instant.
 */

/** How far past the plan's interval a couple may go before it is overdue: half an interval. */
export const OVERDUE_GRACE = 0.5;

/** Local calendar days (plan zone) from the last reconnect to `today` (YYYY-MM-DD); null if the couple never reconnected. */
export function daysSinceLastReconnect(couple: Pick<ReconnectState, 'lastReconnectedAt' | 'plan'>, today: string): number | null {
  if (!couple.lastReconnectedAt) return null;
  return Math.max(0, daysBetween(localDateOf(couple.lastReconnectedAt, couple.plan.timezone), today));
}

/**
 * The same count for the local date that contains the instant `at`: what a
 * reminder due at `at` records, equal to what health shows on that day.
 */
export function daysSinceLastReconnectAt(couple: Pick<ReconnectState, 'lastReconnectedAt' | 'plan'>, at: string): number | null {
  return daysSinceLastReconnect(couple, localDateOf(at, couple.plan.timezone));
}

/**
 * No reconnect within the plan's interval (30 / sessionsPerMonth days) plus
 * a grace of half that, counted from the last reconnect, else from the
 * moment the couple became ACTIVE. Exactly 1.5 intervals is still on time.
 * Only an ACTIVE couple can be overdue (an ENDED one keeps no plan, an
 * AWAITING_PARTNER one has not started). A pause does not stop it: the
 * contract defines it by reconnects alone.
 */
export function isOverdue(couple: Pick<ReconnectState, 'status' | 'plan' | 'lastReconnectedAt' | 'activatedAt'>, now: Date): boolean {
  const anchor = couple.lastReconnectedAt ?? couple.activatedAt;
  if (couple.status !== 'ACTIVE' || !anchor) return false;
  const allowed = reconnectIntervalMs(couple.plan) * (1 + OVERDUE_GRACE);
  return now.getTime() - Date.parse(anchor) > allowed;
}
