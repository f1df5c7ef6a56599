import type { ReconnectPlan, ReconnectState } from './reconnect.model';
import { parseReminderId } from './reminder-ref';
import { afterPause, atReminderTime, computeScheduledReminderAt, isPaused, reconnectIntervalMs } from './schedule';

/*
 * The reminder cadence: what happens to a couple's schedule once a reminder
 * fell due and nobody reconnected (README "When reminders fall due" covers
 * the first reminder after a reconnect, schedule.ts computes it;
 * docs/reminders.md this part).
 *
 * "Unanswered" means: no reconnect (a session completed with every partner
 * taking part) since the reminder. Acknowledging a reminder only says a
 * partner saw it; it does not count as reconnecting, so it changes nothing here.
 */

const DAY_MS = 86_400_000;

/** After this many reminders in a row without a reconnect, reminders stop until the couple reconnects. */
export const MAX_UNANSWERED_REMINDERS = 3;

/** The shortest wait before reminding again: a daily plan would otherwise nag every half day. */
export const MIN_FOLLOW_UP_MS = 2 * DAY_MS;

/** How long after an unanswered reminder the next one falls due: half the plan's interval, at least 2 days. */
export function followUpGapMs(plan: Pick<ReconnectPlan, 'sessionsPerMonth'>): number {
  return Math.max(reconnectIntervalMs(plan) / 2, MIN_FOLLOW_UP_MS);
}

/**
 * When the next reminder falls due after the one due at `dueAt`, which is
 * the `unanswered`-th in a row: null from the third on (reminders stop until
 * a reconnect); otherwise the plan's reminderTime on the local date that
 * contains `dueAt + gap` (wall-clock time kept across daylight-saving
 * changes, exactly like the first reminder), past any pause.
 *
 * If that instant has already passed at `now` (the sweep was down for days,
 * or a plan change shortened the gap), the gap counts from `now` instead: a
 * late sweep sends one reminder, not three in a row.
 */
export function followUpAt(dueAt: string, unanswered: number, plan: ReconnectPlan, now: Date): string | null {
  if (unanswered >= MAX_UNANSWERED_REMINDERS) return null;
  const gap = followUpGapMs(plan);
  let next = atReminderTime(new Date(Date.parse(dueAt) + gap), plan);
  if (next <= now) next = atReminderTime(new Date(now.getTime() + gap), plan);
  return afterPause(next, plan, now).toISOString();
}

/** The due instant of the couple's latest RECONNECT_DUE reminder that is not resolved yet, if any. */
export function latestOpenReconnectReminder(couple: Pick<ReconnectState, 'openReminderIds'>): string | null {
  const dueAts = (couple.openReminderIds ?? [])
    .map(parseReminderId)
    .filter((ref) => ref?.kind === 'RECONNECT_DUE')
    .map((ref) => ref!.dueAt)
    .sort();
  return dueAts.at(-1) ?? null;
}

/**
 * The stored schedule of a couple under `plan` (a plan change recomputes it):
 * while reminders are going unanswered, the follow-up rule from the latest
 * one; otherwise the first-reminder rule from the last reconnect (or
 * activation). Null unless ACTIVE, and after three unanswered reminders.
 */
export function scheduleUnder(
  couple: Pick<ReconnectState, 'status' | 'lastReconnectedAt' | 'activatedAt' | 'consecutiveUnansweredReminders' | 'openReminderIds'>,
  plan: ReconnectPlan,
  now: Date,
): string | null {
  if (couple.status !== 'ACTIVE') return null;
  const unanswered = couple.consecutiveUnansweredReminders ?? 0;
  if (unanswered >= MAX_UNANSWERED_REMINDERS) return null;
  const latest = unanswered > 0 ? latestOpenReconnectReminder(couple) : null;
  if (latest) return followUpAt(latest, unanswered, plan, now);
  const anchor = couple.lastReconnectedAt ?? couple.activatedAt;
  return anchor ? computeScheduledReminderAt(anchor, plan, now) : null;
}

/**
 * The couple once the RECONNECT_DUE `reminder` was created for its due
 * instant: one more unanswered reminder, the schedule moved to the follow-up
 * (or cleared after the third), the reminder open, and the open RECONNECT_DUE
 * reminders it replaces listed (the sweep resolves them in the same
 * transaction). At most one is ever open: each new one replaces the last.
 */
export function remindedCouple<C extends ReconnectState>(
  couple: C,
  reminder: { id: string; dueAt: string },
  now: Date,
): { couple: C; replaced: string[] } {
  const unanswered = (couple.consecutiveUnansweredReminders ?? 0) + 1;
  const open = couple.openReminderIds ?? [];
  const replaced = open.filter((id) => parseReminderId(id)?.kind === 'RECONNECT_DUE');
  return {
    couple: {
      ...couple,
      consecutiveUnansweredReminders: unanswered,
      scheduledReminderAt: followUpAt(reminder.dueAt, unanswered, couple.plan, now),
      openReminderIds: [...open.filter((id) => !replaced.includes(id)), reminder.id],
      version: couple.version + 1,
    },
    replaced,
  };
}

/** True when a reminder is due for the couple at `now`: ACTIVE, not paused, its schedule reached. */
export function isReminderDue(couple: ReconnectState, now: Date): boolean {
  if (couple.status !== 'ACTIVE' || !couple.scheduledReminderAt) return false;
  if (isPaused(couple.plan, now)) return false;
  return Date.parse(couple.scheduledReminderAt) <= now.getTime();
}
