import type { ReconnectPlan, ReconnectState } from '../reconnect/reconnect.model';

export type { CoupleStatus, ReconnectPlan } from '../reconnect/reconnect.model';

/** An open invite code, single use, valid for 7 days. */
export interface Invite {
  code: string;
  expiresAt: string;
}

/** A couple: its partners and invite, and the reconnect state the rules of functions/reconnect/ keep. */
export interface Couple extends ReconnectState {
  id: string;
  /** One partner while AWAITING_PARTNER, two afterwards. */
  partnerIds: string[];
  createdAt: string;
  endedAt: string | null;
  invite: Invite | null;
}

/** True when the caller is (or, for an ENDED couple, was) one of its partners. */
export function isPartner(couple: Pick<Couple, 'partnerIds'>, actor: { personId: string }): boolean {
  return couple.partnerIds.includes(actor.personId);
}

export const DEFAULT_PLAN: Omit<ReconnectPlan, 'timezone'> = {
  sessionsPerMonth: 3,
  reminderTime: '19:00',
  pausedUntil: null,
};

/** How long an invite code stays valid. */
export const INVITE_VALIDITY_DAYS = 7;
