import type { LabelledAction } from '../shared/data/transaction';
import type { ReconnectState } from './reconnect.model';
import { parseReminderId } from './reminder-ref';
import { computeScheduledReminderAt } from './schedule';

/*
 * What a reconnect does, pure. A reconnect is a session in which every
 * partner took part, counted at its completion: completing it
 * (SessionService.complete) or, later, the reflection that makes the last
 * partner a participant (ReflectionService.write). Both call `reconnect` and
 * commit everything it returns in the same transaction as their own write.
 */

/**
 * Open reminders one reconnect resolves at most, so that the transaction
 * stays within DynamoDB's 100 actions: a reflection that completes a
 * reconnect takes up to 51 of its own (itself, 3 readers × 15 list entries,
 * two roll-ups, the session, the couple, the outbox event), so 51 + 40 = 91;
 * a completed session 5 + 40, leaving room for the care watch's actions
 * (practice.model.ts MAX_OPEN_GRANTS_PER_COUPLE). Past it (never in
 * practice) the rest stays open for the next reconnect.
 */
export const MAX_RESOLVED_PER_RECONNECT = 40;

/**
 * What resolves reminders inside another domain's transaction: the reminders
 * domain's repository (ReminderRepository) is one. Sessions and reflections
 * depend on this, not on the reminders domain, which itself depends on
 * sessions (the sweep draws prompts from session history).
 */
export interface ReminderResolver {
  /** Actions that make these reminders RESOLVED at `at`. */
  resolveActions(reminderIds: readonly string[], at: Date): LabelledAction<'retry'>[];
}

/** The couple-day roll-up a reconnect counts (health: sessionsBothCompleted on the local date of `completedAt`). */
export interface ReconnectRollup {
  coupleId: string;
  completedAt: string;
  timezone: string;
}

export interface ReconnectChanges<C> {
  /**
   * The couple after the reconnect, to write under its version check; null
   * when `at` is before its last reconnect (a late-counted older session
   * never moves the anchor back, nor resolves anything).
   */
  couple: C | null;
  /** The open reminders to resolve (PENDING or ACKNOWLEDGED → RESOLVED) in the same transaction. */
  resolvedReminderIds: string[];
  /** Always counted: the session was a reconnect, whenever it is counted. */
  rollup: ReconnectRollup;
}

/** Whether a reconnect at `at` moves the couple's lastReconnectedAt: only forward, never back to an older session. */
export function movesLastReconnect(couple: Pick<ReconnectState, 'lastReconnectedAt'>, at: string): boolean {
  return couple.lastReconnectedAt === null || Date.parse(at) >= Date.parse(couple.lastReconnectedAt);
}

/**
 * Every change a reconnect at `at` makes to `couple`, decided at `now`:
 * lastReconnectedAt moves to `at`; the next reminder counts from it (README
 * "When reminders fall due", schedule.ts), restarting reminders even if
 * three unanswered ones had stopped them; the run of unanswered reminders
 * ends; the open reminders are resolved (up to MAX_RESOLVED_PER_RECONNECT);
 * and the day's reconnect is counted in the health roll-up.
 */
export function reconnect<C extends ReconnectState & { id: string }>(couple: C, at: string, now: Date): ReconnectChanges<C> {
  const rollup = { coupleId: couple.id, completedAt: at, timezone: couple.plan.timezone };
  if (!movesLastReconnect(couple, at)) return { couple: null, resolvedReminderIds: [], rollup };
  const open = couple.openReminderIds ?? [];
  return {
    couple: {
      ...couple,
      lastReconnectedAt: at,
      consecutiveUnansweredReminders: 0,
      openReminderIds: open.slice(MAX_RESOLVED_PER_RECONNECT),
      scheduledReminderAt: couple.status === 'ACTIVE' ? computeScheduledReminderAt(at, couple.plan, now) : null,
      version: couple.version + 1,
    },
    resolvedReminderIds: open.slice(0, MAX_RESOLVED_PER_RECONNECT),
    rollup,
  };
}

/**
 * A SESSION_UPCOMING reminder has done its job once its session starts or is
 * cancelled: resolved in that transaction, and out of the couple's open
 * reminders (so the couple is written under its version check). Null when
 * the session has no open reminder.
 */
export function sessionReminderDone<C extends ReconnectState>(
  couple: C,
  sessionId: string,
): { couple: C; resolvedReminderIds: string[] } | null {
  const open = couple.openReminderIds ?? [];
  const done = open.filter((id) => {
    const ref = parseReminderId(id);
    return ref?.kind === 'SESSION_UPCOMING' && ref.sessionId === sessionId;
  });
  if (done.length === 0) return null;
  return {
    couple: { ...couple, openReminderIds: open.filter((id) => !done.includes(id)), version: couple.version + 1 },
    resolvedReminderIds: done,
  };
}
