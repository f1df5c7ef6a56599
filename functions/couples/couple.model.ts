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

/** An open invite code, single use, valid for 7 days. */
export interface Invite {
  code: string;
  expiresAt: string;
}

export interface Couple {
  id: string;
  status: CoupleStatus;
  /** One partner while AWAITING_PARTNER, two afterwards. */
  partnerIds: string[];
  createdAt: string;
  /** When the second partner joined. */
  activatedAt: string | null;
  endedAt: string | null;
  plan: ReconnectPlan;
  lastReconnectedAt: string | null;
  /**
   * Local ids of the couple's reminders that are not RESOLVED yet (kept by
   * the reminders domain, functions/reminders/): a reconnect resolves exactly
   * these, in the completion's own transaction, without a query. Absent means
   * none.
   */
  openReminderIds?: string[];
  /**
   * The stored schedule: the next instant a reminder is due, already moved
   * past any pause. Null unless ACTIVE. The API hides it while paused.
   */
  scheduledReminderAt: string | null;
  invite: Invite | null;
  /**
   * Reminders in a row that fell due without a reconnect since (kept by the
   * reminders issue; absent means 0). Health's IGNORED_REMINDERS reads it.
   */
  consecutiveUnansweredReminders?: number;
  /** Optimistic-locking counter: every write checks and bumps it. */
  version: number;
}

export const DEFAULT_PLAN: Omit<ReconnectPlan, 'timezone'> = {
  sessionsPerMonth: 3,
  reminderTime: '19:00',
  pausedUntil: null,
};

/** How long an invite code stays valid. */
export const INVITE_VALIDITY_DAYS = 7;
