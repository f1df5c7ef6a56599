import { everyPartnerTookPart, type ReconnectSession, type SessionStatus } from '../sessions/session.model';

/**
 * What writing a reflection on a session does to that session, pure.
 *
 * A partner who writes a reflection on a session took part in it (the
 * contract's `bothParticipated`: "answered at least one prompt or wrote a
 * reflection"). Reflections are often written afterwards, so a reflection on
 * a COMPLETED session can be what makes every partner a participant: that
 * session then counts as a reconnect from its completion, exactly as if both
 * had taken part before it completed.
 */

/** Sessions a reflection may be written on: one that is happening or happened. */
export const REFLECTABLE_STATUSES: readonly SessionStatus[] = ['IN_PROGRESS', 'COMPLETED'];

export interface ParticipationEffect {
  /** The author is not a participant yet: add them. */
  addParticipant: boolean;
  /**
   * The session is COMPLETED and this reflection makes every partner a
   * participant: count it as a reconnect at its completedAt.
   */
  reconnectsAt: string | null;
}

export function participationEffect(
  session: Pick<ReconnectSession, 'status' | 'participantIds' | 'completedAt'>,
  partnerIds: readonly string[],
  authorId: string,
): ParticipationEffect {
  if (session.participantIds.includes(authorId)) return { addParticipant: false, reconnectsAt: null };
  const completesIt =
    session.status === 'COMPLETED' &&
    session.completedAt !== null &&
    everyPartnerTookPart({ participantIds: [...session.participantIds, authorId] }, partnerIds);
  return { addParticipant: true, reconnectsAt: completesIt ? session.completedAt : null };
}
