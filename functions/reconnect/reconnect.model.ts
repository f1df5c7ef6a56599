/** Couple lifecycle: AWAITING_PARTNER → ACTIVE → ENDED (never back). */
export type CoupleStatus = 'AWAITING_PARTNER' | 'ACTIVE' | 'ENDED';

/** How often the couple means to reconnect and when reminders fall due. */
export interface ReconnectPlan {
  /** 1..30. */
  sessionsPerMonth: number;
  /** Wall-clock `HH:MM` in `timezone`. */
  reminderTime: string;
  /** IANA zone name. */
  timezone: string;
  /** Reminders are held until then; null when not paused. */
  pausedUntil: string | null;
}

/**
 * What the reconnect rules read and change on a couple (the couples domain's
 * `Couple` has these fields and more; every rule here keeps the others as
 * they are).
 */
export interface ReconnectState {
  status: CoupleStatus;
  /** When the second partner joined. */
  activatedAt: string | null;
  plan: ReconnectPlan;
  lastReconnectedAt: string | null;
  /**
   * Local ids of the couple's reminders that are not RESOLVED yet: a
   * reconnect resolves exactly these, in its own transaction, without a
   * query. Absent means none.
   */
  openReminderIds?: string[];
  /**
   * The stored schedule: the next instant a reminder is due, already moved
   * past any pause. Null unless ACTIVE. The API hides it while paused.
   */
  scheduledReminderAt: string | null;
  /** Reminders in a row that fell due without a reconnect since (absent means 0). Health's IGNORED_REMINDERS reads it. */
  consecutiveUnansweredReminders?: number;
  /** Optimistic-locking counter: every write checks and bumps it. */
  version: number;
}
