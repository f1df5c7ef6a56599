import type { ReminderRef } from '../reconnect/reminder-ref';

export { REMINDER_KINDS, parseReminderId, reminderId, type ReminderKind, type ReminderRef } from '../reconnect/reminder-ref';

/**
 * PENDING → ACKNOWLEDGED (a partner saw it) → RESOLVED (a reconnect
 * happened, or a newer RECONNECT_DUE reminder replaced it). RESOLVED is
 * terminal and also ends an ACKNOWLEDGED reminder: acknowledging is not
 * reconnecting.
 */
export type ReminderStatus = 'PENDING' | 'ACKNOWLEDGED' | 'RESOLVED';

export interface Reminder extends ReminderRef {
  /** Local id: encodes the ref (see reminderId), so the id alone locates the item. */
  id: string;
  status: ReminderStatus;
  createdAt: string;
  acknowledgedAt: string | null;
  /** The partner who acknowledged it. */
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  /** Calendar days in the couple's zone from the last reconnect to dueAt; null if never reconnected. */
  daysSinceLastReconnect: number | null;
  /** Drawn as startSession would, when the reminder was created (RECONNECT_DUE only). */
  suggestedPromptId: string | null;
}
