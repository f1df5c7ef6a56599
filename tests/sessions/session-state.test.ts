import { canApply, nextStatus, type SessionAction } from '../../functions/sessions/session-state';
import type { SessionStatus } from '../../functions/sessions/session.model';
import { ConflictError } from '../../functions/shared/errors';

const LEGAL: [SessionStatus, SessionAction, SessionStatus][] = [
  ['SCHEDULED', 'start', 'IN_PROGRESS'],
  ['SCHEDULED', 'cancel', 'CANCELLED'],
  ['IN_PROGRESS', 'answer', 'IN_PROGRESS'],
  ['IN_PROGRESS', 'complete', 'COMPLETED'],
  ['IN_PROGRESS', 'cancel', 'CANCELLED'],
];

const ILLEGAL: [SessionStatus, SessionAction, string][] = [
  ['SCHEDULED', 'answer', 'The session is SCHEDULED; only an IN_PROGRESS session can be answered'],
  ['SCHEDULED', 'complete', 'The session is SCHEDULED; only an IN_PROGRESS session can be completed'],
  ['IN_PROGRESS', 'start', 'The session is IN_PROGRESS; only a SCHEDULED session can be started'],
  ['COMPLETED', 'start', 'The session is COMPLETED; only a SCHEDULED session can be started'],
  ['COMPLETED', 'answer', 'The session is COMPLETED; only an IN_PROGRESS session can be answered'],
  ['COMPLETED', 'complete', 'The session is COMPLETED; only an IN_PROGRESS session can be completed'],
  ['COMPLETED', 'cancel', 'The session is COMPLETED; only a SCHEDULED or IN_PROGRESS session can be cancelled'],
  ['CANCELLED', 'start', 'The session is CANCELLED; only a SCHEDULED session can be started'],
  ['CANCELLED', 'answer', 'The session is CANCELLED; only an IN_PROGRESS session can be answered'],
  ['CANCELLED', 'complete', 'The session is CANCELLED; only an IN_PROGRESS session can be completed'],
  ['CANCELLED', 'cancel', 'The session is CANCELLED; only a SCHEDULED or IN_PROGRESS session can be cancelled'],
];

describe('session state machine', () => {
  it('covers every status × action pair exactly once', () => {
    const pairs = [...LEGAL, ...ILLEGAL].map(([status, action]) => `${status}/${action}`);
    expect(new Set(pairs).size).toBe(16);
  });

  it.each(LEGAL)('%s --%s--> %s', (status, action, to) => {
    expect(canApply(status, action)).toBe(true);
    expect(nextStatus(status, action)).toBe(to);
  });

  it.each(ILLEGAL)('refuses %s --%s--> with CONFLICT naming the status', (status, action, message) => {
    expect(canApply(status, action)).toBe(false);
    const attempt = () => nextStatus(status, action);
    expect(attempt).toThrow(ConflictError);
    expect(attempt).toThrow(message);
  });
});
