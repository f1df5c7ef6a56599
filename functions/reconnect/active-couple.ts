import { ConflictError } from '../shared/errors';
import type { ReconnectState } from './reconnect.model';

/**
 * The one "couple must be ACTIVE" rule of a write, read side: only an ACTIVE
 * couple's partners change sessions, reflections and reminders
 * (AWAITING_PARTNER has no partner yet, ENDED is read-only history). The
 * write side is CoupleRepository.activeCheckAction, a ConditionCheck in the
 * same transaction, so a partner leaving meanwhile makes the write fail.
 * `why` says, per domain, what the status means for the caller.
 */
export function requireActiveCouple(couple: Pick<ReconnectState, 'status'>, why: { ended: string; awaiting: string }): void {
  if (couple.status === 'ACTIVE') return;
  const reason = couple.status === 'ENDED' ? why.ended : why.awaiting;
  throw new ConflictError(`The couple is ${couple.status}; ${reason}`, { status: couple.status });
}
