import { addCalendarDays, instantAt, localDate } from '../shared/time/zoned-time';
import type { ReconnectPlan } from './reconnect.model';

const DAY_MS = 86_400_000;

/** The plan's interval between reconnects: 30 / sessionsPerMonth days, in milliseconds. */
export function reconnectIntervalMs(plan: Pick<ReconnectPlan, 'sessionsPerMonth'>): number {
  return (30 / plan.sessionsPerMonth) * DAY_MS;
}

/**
 * The instant `reminderTime` falls on the local calendar date (in the plan's
 * zone) that contains `instant`. The zone's offset for that date applies, so
 * 19:00 stays 19:00 across daylight-saving changes; a time that does not
 * exist that day (spring-forward gap) moves forward by the gap.
 */
export function atReminderTime(instant: Date, plan: Pick<ReconnectPlan, 'reminderTime' | 'timezone'>): Date {
  return onLocalDate(localDate(instant, plan.timezone), plan);
}

/** reminderTime on a local calendar date (`YYYY-MM-DD`) in the plan's zone. */
function onLocalDate(date: string, plan: Pick<ReconnectPlan, 'reminderTime' | 'timezone'>): Date {
  const [hour, minute] = plan.reminderTime.split(':').map(Number) as [number, number];
  return instantAt(date, hour, minute, plan.timezone);
}

/**
 * The next reminder due instant (README "When reminders fall due"):
 * anchor (the last reconnect, else the moment the couple became ACTIVE)
 * plus 30 / sessionsPerMonth days, moved to the plan's reminderTime on that
 * local date. While a pause runs past that instant, the reminder waits for the
 * first reminderTime at or after the end of the pause.
 */
export function computeScheduledReminderAt(anchor: string, plan: ReconnectPlan, now: Date): string {
  const due = atReminderTime(new Date(Date.parse(anchor) + reconnectIntervalMs(plan)), plan);
  return afterPause(due, plan, now).toISOString();
}

/** `due`, or the first reminderTime at or after the end of a pause that is still running then. */
export function afterPause(due: Date, plan: ReconnectPlan, now: Date): Date {
  if (!plan.pausedUntil) return due;
  const pauseEnd = new Date(plan.pausedUntil);
  if (pauseEnd <= now || pauseEnd <= due) return due;
  const sameDay = atReminderTime(pauseEnd, plan);
  if (sameDay >= pauseEnd) return sameDay;
  return onLocalDate(addCalendarDays(localDate(pauseEnd, plan.timezone), 1), plan);
}

/** True while `pausedUntil` is in the future. */
export function isPaused(plan: ReconnectPlan, now: Date): boolean {
  return plan.pausedUntil !== null && new Date(plan.pausedUntil) > now;
}
