import { ConflictError } from '../shared/errors';
import type { SessionStatus } from './session.model';

/** What can happen to an existing session. (Creating one is scheduleSession or startSession without sessionId.) */
export type SessionAction = 'start' | 'answer' | 'complete' | 'cancel';

/**
 * The session state machine, as a table: from which statuses each action is
 * allowed and the status it leads to. Everything not listed is refused with
 * CONFLICT naming the current status.
 */
export const SESSION_TRANSITIONS: Readonly<Record<SessionAction, { from: readonly SessionStatus[]; to: SessionStatus; done: string }>> = {
  start: { from: ['SCHEDULED'], to: 'IN_PROGRESS', done: 'started' },
  answer: { from: ['IN_PROGRESS'], to: 'IN_PROGRESS', done: 'answered' },
  complete: { from: ['IN_PROGRESS'], to: 'COMPLETED', done: 'completed' },
  cancel: { from: ['SCHEDULED', 'IN_PROGRESS'], to: 'CANCELLED', done: 'cancelled' },
};

/** True when `action` is allowed on a session in `status`. */
export function canApply(status: SessionStatus, action: SessionAction): boolean {
  return SESSION_TRANSITIONS[action].from.includes(status);
}

/**
 * The status after `action`, or CONFLICT naming the current status, e.g.
 * "The session is COMPLETED; only an IN_PROGRESS session can be completed".
 */
export function nextStatus(status: SessionStatus, action: SessionAction): SessionStatus {
  const transition = SESSION_TRANSITIONS[action];
  if (!canApply(status, action)) {
    const allowed = transition.from.join(' or ');
    const article = /^[AEIOU]/.test(allowed) ? 'an' : 'a';
    throw new ConflictError(`The session is ${status}; only ${article} ${allowed} session can be ${transition.done}`, { status });
  }
  return transition.to;
}
