import type { ReconnectState } from './reconnect.model';
import { isPaused } from './schedule';

/*
 * The sparse `byDue` index (duePk / dueAt): which items carry an entry, in
 * which partition, at which instant. This is its one definition; each item
 * kind's own repository writes the attributes with the item (couples,
 * sessions), and the sweep reads them (functions/reminders/due-index.repository.ts).
 *
 * | duePk    | who carries it                                   | dueAt                              |
 * |----------|--------------------------------------------------|------------------------------------|
 * | DUE      | an ACTIVE, unpaused couple with a schedule       | its next reminder (nextReminderAt) |
 * | RESUME   | an ACTIVE couple with a schedule, paused         | pausedUntil                        |
 * | UPCOMING | a SCHEDULED session                              | scheduledFor - 1 h                 |
 *
 * Every other item lacks the attributes, so a Query for "dueAt <= now" in a
 * partition reads exactly the entries that need work, never the rest of the
 * table. Entries leave (or move forward) in the transaction that handles
 * them, which is what makes the sweep resumable: whatever a stopped run did
 * not reach is still there, in order, for the next one.
 */

/** Couples whose next reminder is scheduled and not paused, keyed by it. */
export const DUE_PARTITION = 'DUE';

/**
 * Couples whose plan is paused, keyed by `pausedUntil`. The sweep moves an
 * entry back to DUE once the pause has ended, so a paused couple is never in DUE.
 */
export const RESUME_PARTITION = 'RESUME';

/** SCHEDULED sessions, keyed by when their SESSION_UPCOMING reminder falls due. */
export const UPCOMING_PARTITION = 'UPCOMING';

export type DuePartition = typeof DUE_PARTITION | typeof RESUME_PARTITION | typeof UPCOMING_PARTITION;

/** The index attributes an item carries (both absent: no entry). */
export interface DueIndexAttributes {
  duePk?: DuePartition;
  dueAt?: string;
}

/** A SESSION_UPCOMING reminder falls due this long before the session starts. */
export const UPCOMING_LEAD_MS = 3_600_000;

/** When the SESSION_UPCOMING reminder of a session scheduled for `scheduledFor` falls due. */
export function upcomingDueAt(scheduledFor: string): string {
  return new Date(Date.parse(scheduledFor) - UPCOMING_LEAD_MS).toISOString();
}

/**
 * A couple's entry: only ACTIVE couples with a schedule carry one, so
 * AWAITING_PARTNER and ENDED couples (and couples whose reminders stopped
 * after three unanswered ones) are never read by the sweep. A couple whose
 * plan is paused at `now` (the write's instant) sits in RESUME until
 * `pausedUntil`: DUE holds exactly the couples whose `nextReminderAt` is not
 * null, keyed by it.
 */
export function dueIndexAttributes(couple: Pick<ReconnectState, 'status' | 'scheduledReminderAt' | 'plan'>, now: Date): DueIndexAttributes {
  if (couple.status !== 'ACTIVE' || !couple.scheduledReminderAt) return {};
  if (isPaused(couple.plan, now)) return { duePk: RESUME_PARTITION, dueAt: couple.plan.pausedUntil as string };
  return { duePk: DUE_PARTITION, dueAt: couple.scheduledReminderAt };
}

/** A session's entry: present only while SCHEDULED (start and cancel rewrite the item without it). */
export function upcomingIndexAttributes(session: { status: string; scheduledFor: string | null }): DueIndexAttributes {
  if (session.status !== 'SCHEDULED' || !session.scheduledFor) return {};
  return { duePk: UPCOMING_PARTITION, dueAt: upcomingDueAt(session.scheduledFor) };
}
