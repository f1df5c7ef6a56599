/*
 * What names a reminder. The reminders domain stores reminders; the reconnect
 * rules only need to know, from a couple's `openReminderIds`, which reminder
 * is of which kind (and session), so the id format lives here, below both.
 */

/** The contract's reminder kinds. CARE_TEAM_ALERT is created by the practices issue (not by the sweep). */
export const REMINDER_KINDS = ['RECONNECT_DUE', 'SESSION_UPCOMING', 'CARE_TEAM_ALERT'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** What identifies a reminder: one per couple, due instant and kind (and session, for SESSION_UPCOMING). */
export interface ReminderRef {
  coupleId: string;
  /** RFC 3339 UTC, as `Date.toISOString()` writes it. */
  dueAt: string;
  kind: ReminderKind;
  /** Set for SESSION_UPCOMING only. */
  sessionId: string | null;
}

const SEPARATOR = '_';
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID_SHAPE = new RegExp(`^([^_]+)_([^_]+)_(${REMINDER_KINDS.join('|')})(?:_([^_]+))?$`);

/**
 * The local id of a reminder: `<coupleId>_<dueAt>_<kind>[_<sessionId>]`.
 * Deterministic, so the conditional write that creates a reminder and every
 * later lookup agree on its key without an index. Only characters that
 * domain events accept as ids (A-Z a-z 0-9 . _ : -), at most 115 of them
 * with UUIDs.
 */
export function reminderId(ref: ReminderRef): string {
  const parts = [ref.coupleId, ref.dueAt, ref.kind, ...(ref.sessionId ? [ref.sessionId] : [])];
  return parts.join(SEPARATOR);
}

/** The ref behind a local reminder id; null for anything reminderId could not have produced. */
export function parseReminderId(id: string): ReminderRef | null {
  const match = ID_SHAPE.exec(id);
  if (!match) return null;
  const [, coupleId, dueAt, kind, sessionId] = match as unknown as [string, string, string, ReminderKind, string | undefined];
  if (!ISO_INSTANT.test(dueAt) || Number.isNaN(Date.parse(dueAt)) || new Date(dueAt).toISOString() !== dueAt) return null;
  if ((kind === 'SESSION_UPCOMING') !== Boolean(sessionId)) return null;
  return { coupleId, dueAt, kind, sessionId: sessionId ?? null };
}
